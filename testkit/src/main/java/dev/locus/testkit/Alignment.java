package dev.locus.testkit;

import dev.locus.compiler.interp.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How a rule's updates align with another rule's (typically backprop's gradient): for each layer,
 * the angle in degrees between the weight gradient the rule hands its optimizer (the layer's dense
 * and conv weights together, biases left out) and the one the other rule would hand it, on the
 * same parameters and the same batch, measured at points over training
 * under the rule. 0 is the same direction, 90 orthogonal, 180 opposed. Feedback alignment is known
 * to start near 90 in its hidden layers and fall below as the forward weights come to align with
 * the feedback; a rule whose updates stay near 90 or above is suspect.
 *
 * @param rule    the rule trained
 * @param compare the rule compared with
 * @param network the network, as Locus source
 * @param steps   the training steps at which the angles were measured
 * @param layers  one row per layer
 */
public record Alignment(String rule, String compare, String network, List<Integer> steps, List<Layer> layers) {
    /** Training steps (of {@value #BATCH} samples, Adam at 0.005) over which the angles are followed. */
    public static final int STEPS = 300;
    /** Measurements, evenly spaced from step 0 to {@link #STEPS}. */
    public static final int POINTS = 6;
    static final int BATCH = 16;

    /**
     * One layer's angles.
     *
     * @param name    the layer
     * @param degrees one per measuring step; NaN where either update was zero
     */
    public record Layer(String name, List<Double> degrees) {
        /** The last angle measured. */
        public double last() {
            return degrees.get(degrees.size() - 1);
        }

        /** The mean of the angles of the second half of training. */
        public double lateMean() {
            List<Double> late = degrees.subList(degrees.size() / 2, degrees.size());
            return late.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** The layer called {@code name}. */
    public Layer layer(final String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }

    /** A table: a header line, then one line per layer. */
    public String table() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s", "layer"));
        for (int step : steps) {
            s.append(String.format(Locale.ROOT, "%10s", "step " + step));
        }
        s.append('\n');
        for (Layer l : layers) {
            s.append(String.format(Locale.ROOT, "%-10s", l.name()));
            for (double d : l.degrees()) {
                s.append(Double.isNaN(d) ? String.format(Locale.ROOT, "%10s", "-")
                        : String.format(Locale.ROOT, "%10.1f", d));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Trains a network of two hidden layers (tanh, 16 and 12 wide, on 4 classes of clusters) under
     * {@code rule} and measures, at each point, the angles against {@code compare}'s updates.
     */
    static Alignment measure(final RuleSource rule, final RuleSource compare, final long seed) {
        NetworkSpec spec = new NetworkSpec(1, 4, 4, 4, List.of(new NetworkSpec.Dense(16, "tanh"),
                new NetworkSpec.Dense(12, "tanh")));
        long caseSeed = 1 + new Random(seed).nextInt(1_000_000);
        Case c = new Case(spec, null, BATCH, caseSeed);
        String optimizer = "adam(lr: 0.005)";
        Trial a = Trial.of(rule, c, optimizer, Tamper.NONE);
        Trial b = Trial.of(compare, c, optimizer, Tamper.NONE);
        Interpreter trained = a.interpreter();
        Interpreter other = b.interpreter();
        ClusterData data = a.data(BATCH * 40, 0);
        List<String> names = trained.layers();
        List<List<Double>> angles = new ArrayList<>();
        names.forEach(n -> angles.add(new ArrayList<>()));
        List<Integer> at = new ArrayList<>();
        int batches = data.count() / BATCH;
        for (int step = 0; step <= STEPS; step++) {
            ClusterData batch = data.slice(null, step % batches * BATCH, BATCH);
            if (step % (STEPS / (POINTS - 1)) == 0) {
                at.add(step);
                Map<String, double[]> p = Steps.parameters(trained);
                p.forEach(other::setParameter);
                Steps.frozen(trained, batch);
                Steps.frozen(other, batch);
                for (int l = 0; l < names.size(); l++) {
                    angles.get(l).add(Steps.degrees(Steps.weightGradient(trained, names.get(l)),
                            Steps.weightGradient(other, names.get(l))));
                }
            }
            if (step < STEPS) {
                Steps.train(trained, batch, Tamper.NONE);
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            layers.add(new Layer(names.get(l), List.copyOf(angles.get(l))));
        }
        return new Alignment(rule.call, compare.call, spec.toLocus("Net"), List.copyOf(at), layers);
    }
}
