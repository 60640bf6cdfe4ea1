package dev.locus.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small network the kit builds, as data: its input shape, classes and hidden layers, each a
 * convolution (with an optional pooling) or a dense layer, then an output {@code dense(classes)}.
 * It prints itself as Locus source ({@link #toLocus(String)}) and knows its smaller variants
 * ({@link #smaller()}), so that a failing property can be shrunk to the smallest network that
 * still fails.
 *
 * @param channels the input's channels
 * @param height   the input's height
 * @param width    the input's width
 * @param classes  the number of classes (at least 2)
 * @param hidden   the hidden layers, first to last
 */
public record NetworkSpec(int channels, int height, int width, int classes, List<Layer> hidden) {
    /** Activations the generators draw from, as Locus spells them. */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leaky_relu(slope: 0.1)",
            "identity");

    public NetworkSpec {
        hidden = List.copyOf(hidden);
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("input [" + channels + ", " + height + ", " + width + "], classes "
                    + classes);
        }
    }

    /** A hidden layer. */
    public sealed interface Layer permits Dense, Conv {
        /** The activation after the layer's weighted op, as Locus spells it. */
        String activation();
    }

    /**
     * {@code [flatten ->] dense(units) -> activation [-> dropout(p)]}.
     *
     * @param units      output width
     * @param activation e.g. {@code tanh}
     * @param dropout    the dropout probability after the activation; 0 for none
     */
    public record Dense(int units, String activation, double dropout) implements Layer {
        /** Without dropout. */
        public Dense(final int units, final String activation) {
            this(units, activation, 0);
        }
    }

    /**
     * {@code conv2d(channels, kernel: k, pad: p) -> activation [-> maxpool(2) | avgpool(2)]}.
     *
     * @param channels   output channels
     * @param kernel     square kernel size
     * @param pad        zero padding on each side
     * @param activation e.g. {@code relu}
     * @param pool       {@code ""}, {@code "maxpool"} or {@code "avgpool"} (of size 2)
     */
    public record Conv(int channels, int kernel, int pad, String activation, String pool) implements Layer {
    }

    /** Whether some layer drops out. */
    public boolean dropout() {
        return hidden.stream().anyMatch(l -> l instanceof Dense d && d.dropout() > 0);
    }

    /** The number of values one input sample has. */
    public int features() {
        return channels * height * width;
    }

    /** Whether every layer accepts its input: a convolution needs a feature map at least as large as its kernel. */
    public boolean valid() {
        return outputShapes().isPresent();
    }

    /** Each hidden layer's output shape ({@code [c, h, w]}, or {@code [n]}); empty if a layer cannot be built. */
    private Optional<List<int[]>> outputShapes() {
        List<int[]> out = new ArrayList<>();
        int c = channels;
        int h = height;
        int w = width;
        boolean flat = false;
        for (Layer l : hidden) {
            if (l instanceof Conv conv) {
                if (flat) {
                    return Optional.empty();
                }
                h = h + 2 * conv.pad() - conv.kernel() + 1;
                w = w + 2 * conv.pad() - conv.kernel() + 1;
                if (h < 1 || w < 1 || conv.pad() >= conv.kernel()) {
                    return Optional.empty();
                }
                if (!conv.pool().isEmpty()) {
                    if (h < 2 || w < 2) {
                        return Optional.empty();
                    }
                    h /= 2;
                    w /= 2;
                }
                c = conv.channels();
                out.add(new int[] {c, h, w});
            } else {
                c = ((Dense) l).units();
                h = 1;
                w = 1;
                flat = true;
                out.add(new int[] {c});
            }
        }
        return Optional.of(out);
    }

    /** The network as a Locus declaration named {@code name}; hidden layers are {@code c1...} and {@code fc1...}. */
    public String toLocus(final String name) {
        if (!valid()) {
            throw new IllegalStateException("not a valid network: " + hidden);
        }
        StringBuilder s = new StringBuilder("network ").append(name).append(" {\n")
                .append("    input  image : [").append(channels).append(", ").append(height).append(", ").append(width)
                .append("]\n    classes ").append(classes).append('\n');
        boolean flat = false;
        int convs = 0;
        int denses = 0;
        for (Layer l : hidden) {
            if (l instanceof Conv conv) {
                s.append("    layer  c").append(++convs).append(" = conv2d(").append(conv.channels())
                        .append(", kernel: ").append(conv.kernel()).append(", pad: ").append(conv.pad()).append(") -> ")
                        .append(conv.activation());
                if (!conv.pool().isEmpty()) {
                    s.append(" -> ").append(conv.pool()).append("(2)");
                }
            } else {
                Dense d = (Dense) l;
                s.append("    layer  fc").append(++denses).append(" = ").append(flat ? "" : "flatten -> ")
                        .append("dense(").append(d.units()).append(") -> ").append(d.activation());
                if (d.dropout() > 0) {
                    s.append(" -> dropout(").append(d.dropout()).append(')');
                }
                flat = true;
            }
            s.append('\n');
        }
        s.append("    output out = ").append(flat ? "" : "flatten -> ").append("dense(classes)\n}\n");
        return s.toString();
    }

    /**
     * Valid networks one step smaller, the likeliest to keep a failure first: a hidden layer
     * removed (one always stays: a rule's hidden section needs a layer to apply to), a layer
     * narrowed, a dropout, pooling or padding dropped, a kernel shrunk, the input made smaller, a
     * class fewer.
     */
    public List<NetworkSpec> smaller() {
        List<NetworkSpec> out = new ArrayList<>();
        for (int i = 0; hidden.size() > 1 && i < hidden.size(); i++) {
            List<Layer> less = new ArrayList<>(hidden);
            less.remove(i);
            out.add(with(less));
        }
        for (int i = 0; i < hidden.size(); i++) {
            for (Layer l : narrower(hidden.get(i))) {
                List<Layer> changed = new ArrayList<>(hidden);
                changed.set(i, l);
                out.add(with(changed));
            }
        }
        if (channels > 1) {
            out.add(new NetworkSpec(channels - 1, height, width, classes, hidden));
        }
        if (height > 1) {
            out.add(new NetworkSpec(channels, height - 1, width, classes, hidden));
        }
        if (width > 1) {
            out.add(new NetworkSpec(channels, height, width - 1, classes, hidden));
        }
        if (classes > 2) {
            out.add(new NetworkSpec(channels, height, width, classes - 1, hidden));
        }
        return out.stream().filter(NetworkSpec::valid).toList();
    }

    private NetworkSpec with(final List<Layer> layers) {
        return new NetworkSpec(channels, height, width, classes, layers);
    }

    private static List<Layer> narrower(final Layer l) {
        List<Layer> out = new ArrayList<>();
        if (l instanceof Dense d) {
            if (d.dropout() > 0) {
                out.add(new Dense(d.units(), d.activation()));
            }
            if (d.units() > 1) {
                out.add(new Dense(Math.max(1, d.units() / 2), d.activation(), d.dropout()));
                out.add(new Dense(d.units() - 1, d.activation(), d.dropout()));
            }
        } else {
            Conv c = (Conv) l;
            if (c.channels() > 1) {
                out.add(new Conv(c.channels() - 1, c.kernel(), c.pad(), c.activation(), c.pool()));
            }
            if (!c.pool().isEmpty()) {
                out.add(new Conv(c.channels(), c.kernel(), c.pad(), c.activation(), ""));
            }
            if (c.pad() > 0) {
                out.add(new Conv(c.channels(), c.kernel(), c.pad() - 1, c.activation(), c.pool()));
            }
            if (c.kernel() > 1) {
                out.add(new Conv(c.channels(), c.kernel() - 1, Math.min(c.pad(), c.kernel() - 2), c.activation(),
                        c.pool()));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return toLocus("Net");
    }
}
