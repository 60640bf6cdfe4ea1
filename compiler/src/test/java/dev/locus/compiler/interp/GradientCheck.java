package dev.locus.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Central finite differences in double precision, and small helpers to call single ops. */
final class GradientCheck {
    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-3;
    static final double NEGLIGIBLE = 1e-8;

    private GradientCheck() {
    }

    /**
     * Asserts that {@code analytic} is the gradient of {@code scalar} with respect to every element
     * of {@code x}; {@code scalar} is re-evaluated with x's elements moved in place.
     */
    static void assertGradient(final String what, final Tensor x, final ToDoubleFunction<Tensor> scalar,
                               final Tensor analytic) {
        assertEquals(x.data().length, analytic.data().length, what + ": the gradient has the input's size");
        double[] d = x.data();
        for (int j = 0; j < d.length; j++) {
            double saved = d[j];
            d[j] = saved + EPS;
            double plus = scalar.applyAsDouble(x);
            d[j] = saved - EPS;
            double minus = scalar.applyAsDouble(x);
            d[j] = saved;
            double numeric = (plus - minus) / (2 * EPS);
            double a = analytic.get(j);
            double diff = Math.abs(a - numeric);
            if (diff >= NEGLIGIBLE && diff / (Math.abs(a) + Math.abs(numeric)) >= TOLERANCE) {
                fail(what + ": element " + j + " has gradient " + a + " but finite differences give " + numeric);
            }
        }
    }

    /** sum(a * g): the scalar whose gradient with respect to a's inputs is the vector-Jacobian product with g. */
    static double dot(final Tensor a, final Tensor g) {
        assertEquals(a.data().length, g.data().length);
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += a.get(i) * g.get(i);
        }
        return sum;
    }

    /** The op in training mode, the batch taken from its first batched input. */
    static Tensor eval(final OpKind kind, final TensorType out, final Attrs attrs, final Tensor... in) {
        int batch = Arrays.stream(in).filter(Tensor::batched).mapToInt(Tensor::samples).findFirst().orElse(1);
        return evalWithBatch(kind, out, attrs, batch, in);
    }

    static Tensor evalWithBatch(final OpKind kind, final TensorType out, final Attrs attrs,
                                final int batch, final Tensor... in) {
        return OpSemantics.evaluate(new OpCall(kind, out, attrs, List.of(in)),
            new OpContext(Mode.TRAINING, 0, "layer", batch));
    }

    static Tensor eval(final OpKind kind, final TensorType out, final Tensor... in) {
        return eval(kind, out, Attrs.NONE, in);
    }

    /** Values uniform in [-1, 1), kept at least {@code margin} away from 0. */
    static Tensor random(final Random r, final TensorType type, final int batch, final double margin) {
        Tensor t = Tensor.zeros(type, batch);
        for (int i = 0; i < t.data().length; i++) {
            double v = 2 * r.nextDouble() - 1;
            t.data()[i] = v >= 0 ? Math.max(v, margin) : Math.min(v, -margin);
        }
        return t;
    }

    static Tensor random(final Random r, final TensorType type, final int batch) {
        return random(r, type, batch, 0);
    }

    /** Distinct values at least 0.01 apart in random order: no ties for a maximum to break. */
    static Tensor distinct(final Random r, final TensorType type, final int batch) {
        Tensor t = Tensor.zeros(type, batch);
        int n = t.data().length;
        for (int i = 0; i < n; i++) {
            t.data()[i] = i * 0.01;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double swap = t.data()[i];
            t.data()[i] = t.data()[j];
            t.data()[j] = swap;
        }
        return t;
    }

    static Tensor labels(final Random r, final int batch, final int classes) {
        Tensor t = Tensor.zeros(TensorType.perSample(Shape.of()), batch);
        for (int s = 0; s < batch; s++) {
            t.data()[s] = r.nextInt(classes);
        }
        return t;
    }

    static TensorType batched(final int... dims) {
        return TensorType.perSample(Shape.of(dims));
    }

    static TensorType single(final int... dims) {
        return TensorType.single(Shape.of(dims));
    }
}
