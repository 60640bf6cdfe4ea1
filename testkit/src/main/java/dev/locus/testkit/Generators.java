package dev.locus.testkit;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of what the kit's properties run on, for users' own properties:
 * networks (as {@link NetworkSpec}, which prints itself as Locus), input shapes, and data sets of
 * linearly separable clusters. Every generator is a pure function of QuickTheories' randomness, so
 * a property over them shrinks and replays as usual.
 *
 * <pre>{@code
 * qt().forAll(Generators.networks(), Generators.seeds()).checkAssert((network, seed) -> {
 *     String program = network.toLocus("Net") + ...;
 * });
 * }</pre>
 */
public final class Generators {
    private Generators() {
    }

    /**
     * Small networks of every kind the kit checks gradients on: zero to two convolutions (kernel 1
     * to 3, padding, max or average pooling) then zero to two dense layers (3 to 5 wide, one in four
     * followed by a dropout of 0.25), at least one hidden layer, every activation; input
     * [1..2, 3..6, 3..6], 2 to 4 classes, convolutions of 1 to 3 channels.
     */
    public static Gen<NetworkSpec> networks() {
        return in -> small(Draw.of(in), NetworkSpec.ACTIVATIONS);
    }

    /** As {@link #networks()}, with smooth activations only ({@code tanh}, {@code sigmoid}, {@code identity}). */
    public static Gen<NetworkSpec> smoothNetworks() {
        return in -> small(Draw.of(in), List.of("tanh", "sigmoid", "identity"));
    }

    /**
     * Networks that can learn a cluster task: one or two hidden layers, dense ones 8 to 24 wide with
     * any activation but {@code identity}, one time in three a convolution first (3 to 6 channels,
     * kernel 3, padding 1, sometimes pooled); input [1, 3..6, 3..6] (at least as many features as
     * classes), 2 to 4 classes.
     */
    public static Gen<NetworkSpec> learningNetworks() {
        return in -> learning(Draw.of(in));
    }

    /** Input shapes {@code [channels, height, width]}: 1 to 3 channels, 1 to 8 on a side. */
    public static Gen<int[]> shapes() {
        return in -> {
            Draw d = Draw.of(in);
            return new int[] {d.between(1, 3), d.between(1, 8), d.between(1, 8)};
        };
    }

    /** Seeds for a train block and the data the kit draws from it. */
    public static Gen<Long> seeds() {
        return in -> (long) Draw.of(in).between(1, 1_000_000);
    }

    /**
     * Data sets of {@code count} samples of {@code features} values in {@code classes} linearly
     * separable clusters ({@link ClusterData#draw}).
     */
    public static Gen<ClusterData> clusters(final int features, final int classes, final int count) {
        return in -> ClusterData.draw(features, classes, count, Draw.of(in).between(1, 1_000_000), 0);
    }

    static NetworkSpec small(final Draw d, final List<String> activations) {
        while (true) {
            int channels = d.between(1, 2);
            int side = d.between(3, 6);
            int classes = d.between(2, 4);
            List<NetworkSpec.Layer> layers = new ArrayList<>();
            int convs = d.between(0, 2);
            for (int i = 0; i < convs; i++) {
                int kernel = d.between(1, 3);
                int pad = d.between(0, kernel - 1) > 0 && kernel > 1 ? 1 : 0;
                String pool = d.pick(List.of("", "", "maxpool", "avgpool"));
                layers.add(new NetworkSpec.Conv(d.between(1, 3), kernel, pad, d.pick(activations), pool));
            }
            int denses = d.between(convs == 0 ? 1 : 0, 2);
            for (int i = 0; i < denses; i++) {
                // A dropout one time in four: its masks are a consumer of the seed that determinism must cover.
                double dropout = d.between(0, 3) == 0 ? 0.25 : 0;
                layers.add(new NetworkSpec.Dense(d.between(3, 5), d.pick(activations), dropout));
            }
            NetworkSpec n = new NetworkSpec(channels, side, side, classes, layers);
            if (n.valid()) {
                return n;
            }
        }
    }

    static NetworkSpec learning(final Draw d) {
        int classes = d.between(2, 4);
        int side = d.between(3, 5);
        List<NetworkSpec.Layer> layers = new ArrayList<>();
        if (d.between(0, 2) == 0) {
            // A convolution first (for rules that read a feature map, such as a pooled classifier).
            side = d.between(4, 6);
            layers.add(new NetworkSpec.Conv(d.between(3, 6), 3, 1, d.pick(List.of("relu", "tanh")),
                    d.pick(List.of("", "maxpool", "avgpool"))));
        }
        int hidden = d.between(layers.isEmpty() ? 1 : 0, 2 - layers.size());
        for (int i = 0; i < hidden; i++) {
            layers.add(new NetworkSpec.Dense(d.between(8, 24), d.pick(List.of("relu", "tanh", "sigmoid",
                    "leaky_relu(slope: 0.1)"))));
        }
        return new NetworkSpec(1, side, side, classes, layers);
    }
}
