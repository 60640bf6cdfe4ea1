package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrOp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@link Property#LOCALITY_NUMERIC}: for each layer k, noise added to every parameter and fixed
 * tensor of the layers above k leaves the gradients of k and the layers below it bit for bit the same.
 */
final class LocalityNumericCheck implements Check {
    @Override
    public Property property() {
        return Property.LOCALITY_NUMERIC;
    }

    @Override
    public String notApplicable(final Trial first, final boolean requireLocal) {
        return Check.notLocal(first, requireLocal);
    }

    @Override
    public Outcome run(final Trial t) {
        Interpreter in = t.interpreter();
        ClusterData batch = t.data(t.kase.batch(), 1);
        Random r = new Random(t.kase.seed());
        List<String> layers = in.layers();
        int compared = 0;
        for (int k = 0; k < layers.size() - 1; k++) {
            Steps.frozen(in, batch);
            Map<String, double[]> before = Steps.gradients(in, layers.get(k));
            disturbAbove(in, k, r);
            Steps.frozen(in, batch);
            Map<String, double[]> after = Steps.gradients(in, layers.get(k));
            for (String name : before.keySet()) {
                compared++;
                if (!Arrays.equals(before.get(name), after.get(name))) {
                    return Outcome.fail("the update of " + name + " changed when the parameters of the layers above "
                            + layers.get(k) + " changed");
                }
            }
        }
        return Outcome.pass(compared);
    }

    /** Adds noise to every parameter and fixed tensor of the layers after index k. */
    private static void disturbAbove(final Interpreter in, final int k, final Random r) {
        List<String> layers = in.layers();
        for (int i = k + 1; i < layers.size(); i++) {
            String layer = layers.get(i);
            for (String name : in.parameterNames()) {
                if (name.startsWith(layer + ".")) {
                    noise(in.parameter(name).data(), r);
                }
            }
            IrBlock init = in.graph().block(layer, IrBlock.Kind.INIT);
            if (init != null) {
                for (IrOp op : init.ops()) {
                    if (op.output() != null) { // init_parameter sets a learned tensor, disturbed above
                        noise(in.value(op.output()).data(), r);
                    }
                }
            }
        }
    }

    private static void noise(final double[] v, final Random r) {
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.5 * r.nextGaussian();
        }
    }

    @Override
    public String summary(final int cases, final int compared) {
        return Check.count(compared, "update") + " on " + Check.count(cases, "network")
                + " unchanged when the layers above them changed";
    }
}
