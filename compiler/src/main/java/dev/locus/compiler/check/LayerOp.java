package dev.locus.compiler.check;

/** A built-in op with every argument resolved: what the IR is made from. */
public sealed interface LayerOp {

    /** Whether the op has trained parameters. */
    default boolean hasParameters() {
        return false;
    }

    record Dense(int units, boolean bias, Value.Init init) implements LayerOp {
        @Override
        public boolean hasParameters() {
            return true;
        }
    }

    record Conv2d(int channels, int kernel, int stride, int pad, boolean bias, Value.Init init) implements LayerOp {
        @Override
        public boolean hasParameters() {
            return true;
        }
    }

    record Pool(boolean max, int size, int stride) implements LayerOp {
    }

    record Flatten() implements LayerOp {
    }

    /** relu, tanh, sigmoid, leaky_relu (with its slope) or identity. */
    record Activation(String kind, double slope) implements LayerOp {
    }

    record Dropout(double p) implements LayerOp {
    }

    record BatchNorm(double momentum, double eps) implements LayerOp {
        @Override
        public boolean hasParameters() {
            return true;
        }
    }
}
