package dev.locus.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.check.CheckedLayer;
import dev.locus.compiler.check.CheckerTables;
import dev.locus.compiler.check.LayerOp;
import dev.locus.compiler.check.ResolvedOp;
import dev.locus.compiler.check.RuleFunctions;
import dev.locus.compiler.check.StandardLibrary;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.check.Value;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.OpKind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The golden corpus covers the language: every op kind of the lowered IR, every built-in op and
 * initializer, every rule function and loss, every expression form and rule construct, every
 * standard rule, both schedules and both optimizers with their options. What is required is read
 * from the compiler's own tables (OpKind, the checker's built-in ops and initializers,
 * RuleFunctions, the standard library), so that a new op without a golden program fails here.
 */
class GoldenCoverageTest {
    /** What the corpus uses, by category, with the programs that use it. */
    private static final Map<String, Map<String, Set<String>>> USES = uses();

    private static Map<String, Map<String, Set<String>>> uses() {
        Map<String, Map<String, Set<String>>> uses = new TreeMap<>();
        for (Path p : GoldenCorpus.programs()) {
            GoldenRuns run = GoldenRuns.of(p);
            Recorder r = (category, what) -> uses.computeIfAbsent(category, c -> new TreeMap<>())
                    .computeIfAbsent(what, w -> new TreeSet<>()).add(run.name());
            for (IrBlock b : run.ir().blocks()) {
                for (IrOp op : b.ops()) {
                    r.use("op kind", op.kind().name());
                }
            }
            network(run.plan(), r);
            rule(run.plan(), r);
            training(run.plan(), r);
        }
        return uses;
    }

    @FunctionalInterface
    private interface Recorder {
        void use(String category, String what);
    }

    private static void network(final TrainingPlan plan, final Recorder r) {
        for (CheckedLayer layer : plan.network().layers()) {
            if (layer.from().size() > 1) {
                r.use("network", "from two layers, " + (layer.in().rank() == 1 ? "flat" : "feature maps"));
            }
            for (ResolvedOp op : layer.ops()) {
                LayerOp o = op.op();
                if (o instanceof LayerOp.Dense d) {
                    r.use("built-in op", "dense");
                    r.use("initializer", d.init().kind());
                    r.use("network", d.bias() ? "dense with bias" : "dense without bias");
                } else if (o instanceof LayerOp.Conv2d c) {
                    r.use("built-in op", "conv2d");
                    r.use("initializer", c.init().kind());
                    r.use("network", c.bias() ? "conv2d with bias" : "conv2d without bias");
                    r.use("network", c.stride() > 1 ? "conv2d stride > 1" : "conv2d stride 1");
                    r.use("network", c.pad() > 0 ? "conv2d padded" : "conv2d unpadded");
                    r.use("network", "conv2d kernel " + (c.kernel() == 1 ? "1" : c.kernel() % 2 == 0 ? "even"
                            : "odd > 1"));
                } else if (o instanceof LayerOp.Pool pool) {
                    String name = pool.max() ? "maxpool" : "avgpool";
                    r.use("built-in op", name);
                    r.use("network", name + (pool.stride() == pool.size() ? " stride = size" : " stride != size"));
                } else if (o instanceof LayerOp.Flatten) {
                    r.use("built-in op", "flatten");
                } else if (o instanceof LayerOp.Activation a) {
                    r.use("built-in op", a.kind());
                } else if (o instanceof LayerOp.Dropout) {
                    r.use("built-in op", "dropout");
                    r.use("network", "dropout on " + (op.in().rank() == 1 ? "[n]" : "[c, h, w]"));
                } else if (o instanceof LayerOp.BatchNorm) {
                    r.use("built-in op", "batchnorm");
                    r.use("network", "batchnorm on " + (op.in().rank() == 1 ? "[n]" : "[c, h, w]"));
                } else {
                    throw new AssertionError("the coverage does not know the op " + o);
                }
            }
        }
    }

    private static void rule(final TrainingPlan plan, final Recorder r) {
        Decl.Rule rule = plan.rule().rule();
        String name = rule.name().text();
        if (StandardLibrary.rules().containsKey(name)) {
            r.use("standard rule", name);
        }
        for (RuleSection section : rule.sections()) {
            long minimizes = section.body().stream().filter(s -> s instanceof RuleStmt.Minimize).count();
            boolean propagates = section.body().stream().anyMatch(s -> s instanceof RuleStmt.Propagate);
            if (minimizes >= 2) {
                r.use("rule construct", "two minimize in one section");
            }
            if (minimizes >= 1 && propagates) {
                r.use("rule construct", "minimize and propagate in one section");
            }
            for (RuleStmt s : section.body()) {
                if (s instanceof RuleStmt.Fixed f) {
                    r.use("rule construct", "fixed");
                    expr(f.value(), plan, r);
                } else if (s instanceof RuleStmt.Learned l) {
                    r.use("rule construct", "learned");
                    expr(l.value(), plan, r);
                } else if (s instanceof RuleStmt.Let l) {
                    r.use("rule construct", "let");
                    expr(l.value(), plan, r);
                } else if (s instanceof RuleStmt.Minimize m) {
                    r.use("rule construct", "minimize");
                    expr(m.value(), plan, r);
                } else if (s instanceof RuleStmt.Propagate p) {
                    for (Arg a : p.args()) {
                        String feedback = a.value() instanceof Expr.Ref ref ? ref.name()
                                : a.value() instanceof Expr.Call c ? c.callee().text() : a.value().toString();
                        r.use("rule construct", "propagate " + feedback);
                    }
                } else {
                    throw new AssertionError("the coverage does not know the statement " + s);
                }
            }
        }
    }

    /** The functions an expression calls; a rule parameter bound to a function (`loss`) counts as that function. */
    private static void expr(final Expr e, final TrainingPlan plan, final Recorder r) {
        if (e instanceof Expr.Number) {
            r.use("expression", "number");
        } else if (e instanceof Expr.Str) {
            r.use("expression", "string");
        } else if (e instanceof Expr.Ref) {
            r.use("expression", "name");
        } else if (e instanceof Expr.Field f) {
            expr(f.target(), plan, r);
        } else if (e instanceof Expr.Neg n) {
            r.use("expression", "unary -");
            expr(n.operand(), plan, r);
        } else if (e instanceof Expr.Binary b) {
            r.use("expression", b.op().symbol());
            expr(b.left(), plan, r);
            expr(b.right(), plan, r);
        } else if (e instanceof Expr.Call c) {
            String callee = c.callee().text();
            Value bound = plan.rule().args().get(callee);
            r.use("rule function", bound instanceof Value.Sym s ? s.name() : callee);
            for (Arg a : c.args()) {
                expr(a.value(), plan, r);
            }
        } else {
            throw new AssertionError("the coverage does not know the expression " + e);
        }
    }

    private static void training(final TrainingPlan plan, final Recorder r) {
        r.use("schedule", plan.schedule().layerwise() ? "layerwise" : "simultaneous");
        if (plan.optimizer() instanceof TrainingPlan.Sgd s) {
            r.use("optimizer", "sgd");
            if (s.momentum() != 0) {
                r.use("optimizer", "sgd with momentum");
            }
            if (s.weightDecay() != 0) {
                r.use("optimizer", "sgd with weight_decay");
            }
        } else if (plan.optimizer() instanceof TrainingPlan.Adam a) {
            r.use("optimizer", "adam");
            if (a.beta1() != 0.9 || a.beta2() != 0.999) {
                r.use("optimizer", "adam with betas that are not the defaults");
            }
        } else {
            throw new AssertionError("the coverage does not know the optimizer " + plan.optimizer());
        }
    }

    private static void assertCovered(final String category, final Set<String> required) {
        Set<String> used = USES.getOrDefault(category, Map.of()).keySet();
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(used);
        assertEquals(Set.of(), missing, "no golden program in " + GoldenCorpus.SOURCE_FOLDER + " exercises these ("
                + category + "); add one, with its .expected (-Dgolden.update=true). Used: " + used);
    }

    @Test
    void everyOpKindAppearsInTheLoweredIrOfSomeProgram() {
        assertCovered("op kind", EnumSet.allOf(OpKind.class).stream().map(Enum::name).collect(Collectors.toSet()));
    }

    @Test
    void everyBuiltInOpAndInitializerIsUsed() {
        assertCovered("built-in op", CheckerTables.builtinOps());
        assertCovered("initializer", CheckerTables.initializers());
        assertCovered("network", Set.of("dense with bias", "dense without bias", "conv2d with bias",
                "conv2d without bias", "conv2d stride > 1", "conv2d stride 1", "conv2d padded", "conv2d unpadded",
                "conv2d kernel 1", "conv2d kernel even", "conv2d kernel odd > 1", "maxpool stride = size",
                "maxpool stride != size", "avgpool stride = size", "avgpool stride != size", "dropout on [n]",
                "dropout on [c, h, w]", "batchnorm on [n]", "batchnorm on [c, h, w]", "from two layers, flat",
                "from two layers, feature maps"));
    }

    @Test
    void everyRuleFunctionAndLossIsCalled() {
        assertCovered("rule function", RuleFunctions.names());
        assertCovered("rule function", RuleFunctions.LOSSES);
        assertCovered("expression", Arrays.stream(Expr.BinaryOp.values()).map(Expr.BinaryOp::symbol)
                .collect(Collectors.toSet()));
        assertCovered("expression", Set.of("unary -", "number", "name"));
    }

    @Test
    void everyRuleConstructAndStandardRuleIsTrained() {
        assertCovered("rule construct", Set.of("fixed", "learned", "let", "minimize", "two minimize in one section",
                "propagate transpose", "propagate random", "minimize and propagate in one section"));
        assertCovered("standard rule", StandardLibrary.rules().keySet());
    }

    @Test
    void bothSchedulesAndBothOptimizersWithTheirOptions() {
        assertCovered("schedule", Set.of("simultaneous", "layerwise"));
        assertCovered("optimizer", Set.of("sgd", "sgd with momentum", "sgd with weight_decay", "adam",
                "adam with betas that are not the defaults"));
    }

    @Test
    void aBlockIsDeclaredAndUsed() {
        List<String> withBlocks = GoldenCorpus.programs().stream().filter(GoldenCoverageTest::usesABlock)
                .map(GoldenCorpus::name).toList();
        assertEquals(false, withBlocks.isEmpty(), "no golden program declares and uses a block");
    }

    private static boolean usesABlock(final Path program) {
        String text;
        try {
            text = java.nio.file.Files.readString(program);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text.lines().map(String::strip).filter(l -> l.startsWith("block "))
                .map(l -> l.substring("block ".length(), l.indexOf('(')).strip())
                .anyMatch(name -> text.lines().anyMatch(l -> l.strip().startsWith("layer") && l.contains(name + "(")));
    }
}
