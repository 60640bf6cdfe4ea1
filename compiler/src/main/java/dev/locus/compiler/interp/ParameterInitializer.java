package dev.locus.compiler.interp;

import dev.locus.compiler.ir.ParameterInit;
import dev.locus.runtime.random.Initializer;
import dev.locus.runtime.random.SeededRandom;

/**
 * First values of a parameter from its {@link ParameterInit}, drawn by the runtime's
 * initializers (in float, as a compiled model draws them) and widened, so that the interpreter
 * starts from exactly the weights of the other backends.
 */
final class ParameterInitializer {
    private ParameterInitializer() {
    }

    static double[] initialValues(final ParameterInit init, final int size, final SeededRandom random) {
        double[] values = new double[size];
        if (init.learned()) {
            return values; // its layer's INIT block sets it (INIT_PARAMETER)
        }
        if (init.kind().equals("ones")) {
            java.util.Arrays.fill(values, 1.0);
            return values;
        }
        float[] drawn = new float[size];
        initializer(init).fill(drawn, init.fanIn(), init.fanOut(), random);
        for (int i = 0; i < size; i++) {
            values[i] = drawn[i];
        }
        return values;
    }

    private static Initializer initializer(final ParameterInit init) {
        return switch (init.kind()) {
            case "he_uniform" -> Initializer.heUniform();
            case "he_normal" -> Initializer.heNormal();
            case "xavier_uniform" -> Initializer.xavierUniform();
            case "uniform" -> Initializer.uniform(init.parameter());
            case "normal" -> Initializer.normal(init.parameter());
            case "zeros" -> Initializer.zeros();
            default -> throw new IllegalArgumentException("no initializer `" + init.kind() + "`");
        };
    }
}
