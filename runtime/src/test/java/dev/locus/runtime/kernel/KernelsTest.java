package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The choice between the Vector API kernels and the plain ones, made in fresh JVMs. */
class KernelsTest {

    /** Run by the forked JVMs: a product through the public API, then what was chosen. */
    public static void main(final String[] args) {
        float[] c = new float[4];
        Sgemm.sgemm(false, false, 2, 2, 3, 1f, new float[] {1, 2, 3, 4, 5, 6}, 0, 3,
                new float[] {1, 0, 0, 1, 1, 1}, 0, 2, 0f, c, 0, 2);
        System.out.println("product " + c[0] + " " + c[1] + " " + c[2] + " " + c[3]);
        float[] q = new float[20];
        Elementwise.binary(BinaryOp.DIV, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            20}, 0, 20, new float[] {4}, 0, 1, q, 0, 20);
        float[] mean = new float[2];
        float[] invStd = new float[2];
        BatchNorm.statistics(q, 0, 10, 2, 1, 1e-5f, mean, 0, invStd, 0);
        System.out.println("quotient " + q[0] + " " + q[19] + " mean " + mean[0] + " " + mean[1]);
        System.out.println("kernels " + Kernels.describe());
    }

    private static List<String> fork(final String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-verbose:class");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KernelsTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "forked JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    private static boolean loaded(final List<String> lines, final String name) {
        return lines.stream().anyMatch(l -> l.contains("[class,load]") && l.contains(name + " "));
    }

    @Test
    void withoutTheVectorModuleThePlainKernelsRunAndNoVectorClassLoads() throws Exception {
        List<String> out = fork();
        assertTrue(out.contains("product 4.0 5.0 10.0 11.0"), String.join("\n", out));
        assertTrue(out.contains("kernels plain"), String.join("\n", out));
        assertTrue(out.contains("quotient 0.25 5.0 mean 2.5 2.75"), String.join("\n", out));
        assertFalse(loaded(out, "dev.locus.runtime.kernel.VectorGemmKernel"));
        assertFalse(loaded(out, "dev.locus.runtime.kernel.VectorElementwiseKernel"));
        assertFalse(out.stream().anyMatch(l -> l.contains("[class,load] jdk.incubator.vector")));
    }

    @Test
    void thePropertyForcesThePlainKernelsEvenWithTheModule() throws Exception {
        List<String> out = fork("--add-modules", "jdk.incubator.vector", "-D" + Kernels.PROPERTY + "=plain");
        assertTrue(out.contains("product 4.0 5.0 10.0 11.0"), String.join("\n", out));
        assertTrue(out.contains("kernels plain"), String.join("\n", out));
        assertTrue(out.contains("quotient 0.25 5.0 mean 2.5 2.75"), String.join("\n", out));
        assertFalse(loaded(out, "dev.locus.runtime.kernel.VectorGemmKernel"));
        assertFalse(loaded(out, "dev.locus.runtime.kernel.VectorElementwiseKernel"));
    }

    @Test
    void withTheModuleTheVectorKernelsAreChosen() throws Exception {
        List<String> out = fork("--add-modules", "jdk.incubator.vector");
        assertTrue(out.contains("product 4.0 5.0 10.0 11.0"), String.join("\n", out));
        assertTrue(out.stream().anyMatch(l -> l.startsWith("kernels vector(")), String.join("\n", out));
        assertTrue(out.contains("quotient 0.25 5.0 mean 2.5 2.75"), String.join("\n", out));
        assertTrue(loaded(out, "dev.locus.runtime.kernel.VectorGemmKernel"));
        assertTrue(loaded(out, "dev.locus.runtime.kernel.VectorElementwiseKernel"));
    }
}
