package dev.locus.testkit;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.ir.IrGraph;

/**
 * A case compiled: the composed program, its train block and its IR (with any planted defect), and
 * the data the kit draws for it.
 */
final class Trial {
    final Case kase;
    final String source;
    final String network;
    final TrainingPlan plan;
    final IrGraph graph;
    final Tamper tamper;
    private final RuleSource rule;
    private final String optimizer;

    private Trial(final RuleSource rule, final String optimizer, final Case kase, final String source, final String network, final TrainingPlan plan,
                  final Tamper tamper) {
        this.rule = rule;
        this.optimizer = optimizer;
        this.kase = kase;
        this.source = source;
        this.network = network;
        this.plan = plan;
        this.tamper = tamper;
        this.graph = Compilation.lower(plan);
        tamper.graph(graph);
    }

    static Trial of(final RuleSource rule, final Case c, final String optimizer, final Tamper tamper) {
        String network = rule.freshNetworkName(c.generated() ? "KitNet" : c.given());
        // A network the file declares is copied under a fresh name: the file's own train block for it stays as it is.
        String text = c.generated() ? c.network().toLocus(network) : rule.networkText(c.given(), network);
        String source = rule.compose(text, network, optimizer, c.batch(), c.seed());
        return new Trial(rule, optimizer, c, source, network, rule.plan(source), tamper);
    }

    /** The same case (network, seed, batch, optimizer) under another rule, say {@code backprop}, with no defect planted. */
    Trial under(final String call) {
        return of(RuleSource.of(rule.file, rule.text, rule.program, call), kase, optimizer, Tamper.NONE);
    }

    int features() {
        return Math.toIntExact(graph.images().type().shape().size());
    }

    int classes() {
        return graph.network().classes();
    }

    /** A fresh reference interpreter of the graph, from the case's seed. */
    Interpreter interpreter() {
        return new Interpreter(graph, plan.seed());
    }

    /** A fresh graph for the JVM backend (with any defect planted there alone). */
    IrGraph jvmGraph() {
        IrGraph g = Compilation.lower(plan);
        tamper.graph(g);
        tamper.jvmGraph(g);
        return g;
    }

    /** {@code count} samples of the case's clusters; another part holds other samples of the same clusters. */
    ClusterData data(final int count, final int part) {
        return ClusterData.draw(features(), classes(), count, kase.seed(), part);
    }
}
