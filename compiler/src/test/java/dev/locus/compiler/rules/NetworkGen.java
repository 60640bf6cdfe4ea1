package dev.locus.compiler.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Small random networks in Locus source, with their shapes tracked here so that every one checks:
 * convolutions with strides and padding, max and average pooling, flatten, dense layers, every
 * activation, batch normalization, layers (the output too) of two weighted ops, and `from`
 * concatenations (of two flat layers or two feature maps of the same size, or of one layer with
 * itself). No dropout unless asked for: a gradient check needs the same function at every evaluation.
 */
public final class NetworkGen {
    public static final String NAME = "Net";
    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "leaky_relu(slope: 0.1)",
            "identity");
    /**
     * Not zeros: a layer of zeros computes one value for every input (a batchnorm after it then
     * divides rounding noise by its epsilon alone), a classifier of zeros scores classes alike.
     */
    private static final List<String> INITIALIZERS = List.of("he_uniform", "he_normal", "xavier_uniform",
            "uniform(0.3)", "normal(0.2)");
    /** A dense or conv op and its arguments, which may hold one level of parentheses ({@code init: normal(0.2)}). */
    private static final String WEIGHTED_OP = "(dense|conv2d)\\(((?:[^()]|\\([^()]*\\))*)\\)";
    private static final Pattern WEIGHTED = Pattern.compile(WEIGHTED_OP);
    private static final Pattern BEFORE_BATCHNORM = Pattern.compile(WEIGHTED_OP + " -> batchnorm");

    /** A generated network: its source and how many layers (the output included) it has. */
    public record Network(String source, int layers, boolean convolutional) {
        @Override
        public String toString() {
            return source;
        }
    }

    private NetworkGen() {
    }

    /** Any mixture of convolutional and dense layers. */
    public static Gen<Network> networks() {
        return in -> generate(in, false);
    }

    /** Any mixture, with a dropout after the activation of some layers. */
    public static Gen<Network> networksWithDropout() {
        return in -> {
            Network n = generate(in, false);
            StringBuilder s = new StringBuilder();
            for (String line : n.source().split("\n", -1)) {
                boolean hidden = line.startsWith("    layer ");
                s.append(line).append(hidden && between(in, 0, 1) == 1 ? " -> dropout(0.3)" : "").append('\n');
            }
            return new Network(s.toString().stripTrailing() + "\n", n.layers(), n.convolutional());
        };
    }

    /**
     * {@code base}'s networks with more of what a backend must emit: a dropout after the
     * activation of some hidden layers, and an initializer named on some dense and conv ops.
     */
    public static Gen<Network> withDropoutAndInitializers(final Gen<Network> base) {
        return in -> {
            Network n = base.generate(in);
            StringBuilder s = new StringBuilder();
            for (String line : n.source().split("\n", -1)) {
                Matcher m = WEIGHTED.matcher(line);
                StringBuilder named = new StringBuilder();
                while (m.find()) {
                    String init = between(in, 0, 2) == 0 ? ", init: " + INITIALIZERS.get(between(in, 0,
                            INITIALIZERS.size() - 1)) : "";
                    m.appendReplacement(named, Matcher.quoteReplacement(m.group(1) + "(" + m.group(2) + init + ")"));
                }
                m.appendTail(named);
                boolean hidden = line.startsWith("    layer ");
                String p = List.of("0.2", "0.5").get(between(in, 0, 1));
                s.append(named).append(hidden && between(in, 0, 2) == 0 ? " -> dropout(" + p + ")" : "").append('\n');
            }
            return new Network(s.toString().stripTrailing() + "\n", n.layers(), n.convolutional());
        };
    }

    /**
     * The network with {@code bias: false} on every dense or conv op right before a batchnorm. Such
     * a bias is redundant (the norm subtracts the batch mean): its gradient is exactly 0 in exact
     * arithmetic and rounding noise in float, amplified by the norm's 1/deviation; Adam, dividing
     * by the gradient's own root mean square, turns it into steps of the full learning rate
     * (docs/GOLDEN.md, batchnorm_feedback), and SGD too moves the bias beyond any tolerance
     * relative to a value that should stay 0.
     */
    public static Network withoutBiasBeforeBatchnorm(final Network n) {
        Matcher m = BEFORE_BATCHNORM.matcher(n.source());
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String args = m.group(2).contains("bias: false") ? m.group(2) : m.group(2) + ", bias: false";
            m.appendReplacement(s, Matcher.quoteReplacement(m.group(1) + "(" + args + ") -> batchnorm"));
        }
        m.appendTail(s);
        return new Network(s.toString(), n.layers(), n.convolutional());
    }

    /** Convolutional hidden layers only, each output at least 2 x 2 (for rules that pool `layer.out`). */
    public static Gen<Network> convNetworks() {
        return in -> generate(in, true);
    }

    /** Dense hidden layers of smooth activations, for the descent property. */
    static Gen<Network> smoothMlps() {
        return in -> {
            int c = between(in, 1, 2);
            int h = between(in, 3, 5);
            int classes = between(in, 2, 4);
            StringBuilder s = header(c, h, classes);
            int hidden = between(in, 1, 3);
            for (int i = 1; i <= hidden; i++) {
                String act = between(in, 0, 1) == 0 ? "tanh" : "sigmoid";
                s.append("    layer fc").append(i).append(" = ").append(i == 1 ? "flatten -> " : "")
                        .append("dense(").append(between(in, 2, 6)).append(") -> ").append(act).append('\n');
            }
            s.append("    output out = dense(classes)\n}\n");
            return new Network(s.toString(), hidden + 1, false);
        };
    }

    /** A layer's output shape: [n] when flat, else [c, h, w] with h == w. */
    private record Shape(int c, int h, boolean flat) {
        int size() {
            return flat ? c : c * h * h;
        }
    }

    private static Network generate(final RandomnessSource in, final boolean convOnly) {
        int c = between(in, 1, 2);
        int h = between(in, convOnly ? 6 : 4, 7);
        int classes = between(in, 2, 4);
        StringBuilder s = header(c, h, classes);
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        Shape shape = new Shape(c, h, false);
        int convs = convOnly ? between(in, 1, 2) : between(in, 0, 2);
        for (int i = 1; i <= convs; i++) {
            StringBuilder ops = new StringBuilder();
            Shape out = conv(in, shape, ops, convOnly);
            if (out == null) {
                break;
            }
            String name = "c" + i;
            s.append("    layer ").append(name).append(" = ").append(ops).append('\n');
            names.add(name);
            shapes.add(out);
            shape = out;
        }
        int denses = convOnly ? 0 : between(in, names.isEmpty() ? 1 : 0, 2);
        for (int i = 1; i <= denses; i++) {
            StringBuilder ops = new StringBuilder();
            shape = dense(in, shape, ops);
            String name = "fc" + i;
            s.append("    layer ").append(name).append(" = ").append(ops).append('\n');
            names.add(name);
            shapes.add(shape);
        }
        int n = names.size();
        if (n >= 1 && between(in, 0, 3) == 0) {
            // The same layer twice: its error comes back through both halves of the concatenation.
            Shape joined = new Shape(2 * shape.c(), shape.h(), shape.flat());
            StringBuilder ops = new StringBuilder();
            Shape out = convOnly ? conv(in, joined, ops, true) : dense(in, joined, ops);
            if (out != null) {
                s.append("    layer twice from ").append(names.get(n - 1)).append(", ").append(names.get(n - 1))
                        .append(" = ").append(ops).append('\n');
                names.add("twice");
                shapes.add(out);
                shape = out;
            }
        } else if (n >= 2 && between(in, 0, 1) == 1) {
            Shape a = shapes.get(n - 2);
            Shape b = shapes.get(n - 1);
            boolean fits = a.flat() == b.flat() && (a.flat() || a.h() == b.h());
            if (fits) {
                Shape joined = new Shape(a.c() + b.c(), a.h(), a.flat());
                StringBuilder ops = new StringBuilder();
                Shape out = joined.flat() || !convOnly ? dense(in, joined, ops) : conv(in, joined, ops, true);
                if (out != null) {
                    s.append("    layer joined from ").append(names.get(n - 2)).append(", ").append(names.get(n - 1))
                            .append(" = ").append(ops).append('\n');
                    names.add("joined");
                    shapes.add(out);
                    shape = out;
                }
            }
        }
        int m = names.size();
        String from = "";
        if (m >= 2 && shapes.get(m - 2).flat() && shapes.get(m - 1).flat() && between(in, 0, 3) == 0) {
            // The output reads two layers: both take their error from it.
            from = " from " + names.get(m - 2) + ", " + names.get(m - 1);
        }
        s.append("    output out").append(from).append(" = ").append(shape.flat() ? "" : "flatten -> ");
        if (between(in, 0, 3) == 0) {
            s.append("dense(").append(between(in, 2, 5)).append(") -> ").append(activation(in)).append(" -> ");
        }
        s.append("dense(classes)\n}\n");
        return new Network(s.toString(), names.size() + 1, convs > 0);
    }

    private static StringBuilder header(final int c, final int h, final int classes) {
        return new StringBuilder("network " + NAME + " {\n    input image : [" + c + ", " + h + ", " + h + "]\n"
                + "    classes " + classes + "\n");
    }

    /** conv2d [-> batchnorm] -> activation [-> pool]; null if the input is too small for any. */
    private static Shape conv(final RandomnessSource in, final Shape x, final StringBuilder ops, final boolean keep2) {
        int min = keep2 ? 2 : 1;
        int k = between(in, 1, 3);
        int stride = between(in, 1, 3);
        // pad < kernel: a border output that saw only padding would sit on ReLU's kink for every input.
        int pad = between(in, 0, Math.min(1, k - 1));
        int h = (x.h() + 2 * pad - k) / stride + 1;
        if (x.h() + 2 * pad < k || h < min) {
            k = 1;
            stride = 1;
            pad = 0;
            h = x.h();
            if (h < min) {
                return null;
            }
        }
        int channels = between(in, 1, 3);
        ops.append("conv2d(").append(channels).append(", kernel: ").append(k).append(", stride: ").append(stride)
                .append(", pad: ").append(pad).append(')');
        if (between(in, 0, 2) == 0) {
            ops.append(" -> batchnorm");
        }
        ops.append(" -> ").append(activation(in));
        int pool = between(in, 0, 2);
        if (pool > 0) {
            int size = between(in, 2, 3);
            int poolStride = between(in, 1, 3);
            int ph = (h - size) / poolStride + 1;
            if (h >= size && ph >= min) {
                ops.append(pool == 1 ? " -> maxpool(" : " -> avgpool(").append(size)
                        .append(poolStride == size ? ")" : ", stride: " + poolStride + ")");
                h = ph;
            }
        }
        return new Shape(channels, h, false);
    }

    /** [flatten ->] dense [-> batchnorm] -> activation, sometimes a second dense and activation. */
    private static Shape dense(final RandomnessSource in, final Shape x, final StringBuilder ops) {
        if (!x.flat()) {
            ops.append("flatten -> ");
        }
        int units = between(in, 2, 5);
        ops.append("dense(").append(units).append(between(in, 0, 4) == 0 ? ", bias: false)" : ")");
        if (between(in, 0, 2) == 0) {
            ops.append(" -> batchnorm");
        }
        ops.append(" -> ").append(activation(in));
        if (between(in, 0, 3) == 0) {
            units = between(in, 2, 4);
            ops.append(" -> dense(").append(units).append(") -> ").append(activation(in));
        }
        return new Shape(units, 1, true);
    }

    private static String activation(final RandomnessSource in) {
        return ACTIVATIONS.get(between(in, 0, ACTIVATIONS.size() - 1));
    }

    public static int between(final RandomnessSource in, final int lo, final int hi) {
        return Generate.range(lo, hi).generate(in);
    }
}
