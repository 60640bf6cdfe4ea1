package dev.locus.hw;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Small random networks over Fashion-MNIST's [1, 28, 28]: some convolution layers (random
 * channels, kernel, stride and padding, a max or average pooling now and then), then dense layers
 * of random widths, then the output layer; the convolutions are recorded for closed-form counts.
 */
public final class NetworkGen {
    /** One convolution as generated: its input and its arguments. */
    public record Conv(String layer, int cin, int h, int w, int cout, int kernel, int stride, int pad) {
        public long oh() {
            return Math.floorDiv(h + 2L * pad - kernel, stride) + 1;
        }

        public long ow() {
            return Math.floorDiv(w + 2L * pad - kernel, stride) + 1;
        }
    }

    /** One dense layer's matrix. */
    public record Dense(String layer, int in, int out) {
    }

    public record Network(String body, int hidden, List<Conv> convs, List<Dense> denses) {
        /** The program under {@code rule}. */
        public String source(final String rule) {
            return """
                    network Net {
                        input  image : [1, 28, 28]
                        classes 10

                    %s
                    }

                    train Net {
                        data      fashion_mnist
                        rule      %s
                        optimizer adam(lr: 0.001)
                        batch     4
                        seed      7
                    }
                    """.formatted(body, rule);
        }

        @Override
        public String toString() {
            return body;
        }
    }

    private NetworkGen() {
    }

    public static Gen<Network> networks() {
        return NetworkGen::generate;
    }

    private static int between(final RandomnessSource in, final int lo, final int hi) {
        return org.quicktheories.generators.Generate.range(lo, hi).generate(in);
    }

    private static Network generate(final RandomnessSource in) {
        List<String> lines = new ArrayList<>();
        List<Conv> convs = new ArrayList<>();
        List<Dense> denses = new ArrayList<>();
        int c = 1;
        int h = 28;
        int convLayers = between(in, 0, 2);
        int layer = 0;
        for (int i = 0; i < convLayers; i++) {
            int cout = between(in, 1, 6);
            int k = List.of(1, 3, 5).get(between(in, 0, 2));
            int stride = between(in, 1, 2);
            int pad = between(in, 0, k / 2);
            String name = "l" + layer++;
            Conv conv = new Conv(name, c, h, h, cout, k, stride, pad);
            convs.add(conv);
            String pipeline = "conv2d(" + cout + ", kernel: " + k + ", stride: " + stride + ", pad: " + pad + ") -> relu";
            c = cout;
            h = (int) conv.oh();
            if (h >= 4 && between(in, 0, 1) == 1) {
                pipeline += List.of(" -> maxpool(2)", " -> avgpool(2)").get(between(in, 0, 1));
                h = Math.floorDiv(h - 2, 2) + 1;
            }
            lines.add("    layer  " + name + " = " + pipeline);
        }
        int features = c * h * h;
        int denseLayers = between(in, convLayers == 0 ? 1 : 0, 3);
        for (int i = 0; i < denseLayers; i++) {
            int width = between(in, 2, 40);
            String name = "l" + layer++;
            denses.add(new Dense(name, features, width));
            lines.add("    layer  " + name + " = " + (i == 0 ? "flatten -> " : "") + "dense(" + width + ") -> "
                    + List.of("relu", "tanh", "sigmoid").get(between(in, 0, 2)));
            features = width;
        }
        denses.add(new Dense("out", features, 10));
        lines.add("    output out = " + (denseLayers == 0 ? "flatten -> " : "") + "dense(classes)");
        return new Network(String.join("\n", lines), layer, convs, denses);
    }
}
