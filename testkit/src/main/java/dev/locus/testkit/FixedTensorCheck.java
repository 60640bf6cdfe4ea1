package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.ir.IrBlock;
import java.util.Arrays;
import java.util.Map;

/** {@link Property#FIXED_TENSORS}: the values every INIT block drew, compared bit for bit after each training step. */
final class FixedTensorCheck implements Check {
    static final int STEPS = 5;

    @Override
    public Property property() {
        return Property.FIXED_TENSORS;
    }

    @Override
    public String optimizer() {
        return "adam(lr: 0.01)";
    }

    @Override
    public int tries(final int tries) {
        return Check.share(tries, 2);
    }

    @Override
    public String notApplicable(final Trial first, final boolean requireLocal) {
        boolean any = first.graph.blocks().stream().anyMatch(b -> b.kind() == IrBlock.Kind.INIT && !b.ops().isEmpty());
        return any ? null : "the rule draws no fixed tensor";
    }

    @Override
    public Outcome run(final Trial t) {
        Interpreter in = t.interpreter();
        Map<String, double[]> fixed = Steps.fixedTensors(in);
        for (int step = 1; step <= STEPS; step++) {
            Steps.train(in, t.data(t.kase.batch(), step), t.tamper);
            Map<String, double[]> now = Steps.fixedTensors(in);
            for (Map.Entry<String, double[]> e : fixed.entrySet()) {
                double[] after = now.get(e.getKey());
                if (!Arrays.equals(e.getValue(), after)) {
                    int i = Arrays.mismatch(e.getValue(), after);
                    return Outcome.fail("the fixed tensor " + e.getKey() + " changed in training step " + step
                            + " (element " + i + ": " + e.getValue()[i] + " -> " + after[i] + ")");
                }
            }
        }
        return Outcome.pass(fixed.size());
    }

    @Override
    public String summary(final int cases, final int compared) {
        return Check.count(compared, "fixed tensor") + " on " + Check.count(cases, "network")
                + " bit for bit the same over " + STEPS + " steps";
    }
}
