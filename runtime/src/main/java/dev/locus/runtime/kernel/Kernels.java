package dev.locus.runtime.kernel;

import java.util.Locale;

/**
 * Chooses, once per JVM, between the kernels written with the incubating Vector API and the
 * plain-Java ones. The Vector API module is optional: a JVM started without
 * {@code --add-modules jdk.incubator.vector} must still run every kernel, so no class that
 * mentions {@code jdk.incubator.vector} is loaded unless the module is present. The system
 * property {@code locus.kernels=plain} forces the plain kernels (tests run both paths this way).
 */
public final class Kernels {
    /** The system property that forces the plain kernels when set to {@code plain}. */
    public static final String PROPERTY = "locus.kernels";

    private static final boolean VECTOR = detectVector();
    private static final GemmKernel GEMM = VECTOR ? VectorSupport.gemm() : new PlainGemmKernel();
    private static final ElementwiseKernel ELEMENTWISE =
            VECTOR ? VectorSupport.elementwise() : new PlainElementwiseKernel();

    private Kernels() {
    }

    /** Whether the Vector API kernels are in use (false: the plain-Java fallback). */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** A one-line description for benchmark reports, e.g. {@code vector(16 floats)} or {@code plain}. */
    public static String describe() {
        return GEMM.describe();
    }

    static GemmKernel gemm() {
        return GEMM;
    }

    static ElementwiseKernel elementwise() {
        return ELEMENTWISE;
    }

    private static boolean detectVector() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("plain")) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The only door to the Vector API classes: referenced from the initializers of {@link #GEMM}
     * and {@link #ELEMENTWISE} on the vector branch alone, so the plain branch never resolves it.
     */
    private static final class VectorSupport {
        static GemmKernel gemm() {
            return new VectorGemmKernel();
        }

        static ElementwiseKernel elementwise() {
            return new VectorElementwiseKernel();
        }
    }
}
