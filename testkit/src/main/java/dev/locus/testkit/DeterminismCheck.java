package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.jvm.JvmBackend;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.model.CompiledNetwork;
import dev.locus.runtime.train.StepStats;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link Property#DETERMINISM}: two fresh models of one program under one seed, trained on the
 * same batches, hold the same parameters (and state, on the JVM backend) bit for bit: on the
 * reference interpreter and on the JVM backend.
 */
final class DeterminismCheck implements Check {
    static final int STEPS = 4;

    @Override
    public Property property() {
        return Property.DETERMINISM;
    }

    @Override
    public String optimizer() {
        return "adam(lr: 0.01)";
    }

    @Override
    public int tries(final int tries) {
        return Check.share(tries, 4);
    }

    @Override
    public int shrinkBudget() {
        return 40;
    }

    @Override
    public Outcome run(final Trial t) {
        Interpreter a = t.interpreter();
        Interpreter b = t.interpreter();
        for (int step = 1; step <= STEPS; step++) {
            Steps.train(a, t.data(t.kase.batch(), step), t.tamper);
        }
        for (int step = 1; step <= STEPS; step++) {
            Steps.train(b, t.data(t.kase.batch(), step), t.tamper);
        }
        Map<String, double[]> pa = Steps.parameters(a);
        Map<String, double[]> pb = Steps.parameters(b);
        for (String name : pa.keySet()) {
            if (!Arrays.equals(pa.get(name), pb.get(name))) {
                return Outcome.fail("interpreter: " + name + " differs between two runs under seed " + t.plan.seed()
                        + " after " + STEPS + " steps");
            }
        }
        IrGraph g = t.jvmGraph();
        CompiledNetwork x = new JvmBackend().model(g);
        CompiledNetwork y = new JvmBackend().model(g);
        for (int step = 1; step <= STEPS; step++) {
            ClusterData d = t.data(t.kase.batch(), step);
            x.trainStep(d.images(), d.labels(), d.count(), new StepStats(x.layerNames().size()));
            y.trainStep(d.images(), d.labels(), d.count(), new StepStats(y.layerNames().size()));
        }
        String jvm = differs(x.parameters(), y.parameters());
        if (jvm == null) {
            jvm = differs(x.state(), y.state());
        }
        if (jvm != null) {
            return Outcome.fail("jvm: " + jvm + " differs between two runs under seed " + t.plan.seed() + " after "
                    + STEPS + " steps");
        }
        return Outcome.pass(2);
    }

    private static String differs(final List<NamedTensor> a, final List<NamedTensor> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).values(), b.get(i).values())) {
                return a.get(i).name();
            }
        }
        return null;
    }

    @Override
    public String summary(final int cases, final int compared) {
        return "the same seed trains to the same bits on " + Check.count(cases, "network") + ", interpreter and jvm";
    }
}
