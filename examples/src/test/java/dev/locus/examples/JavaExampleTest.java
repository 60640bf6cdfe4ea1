package dev.locus.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.cli.CliRun;
import dev.locus.runtime.model.CompiledModel;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/java/QuickstartFromJava.java, as a Java user builds and runs it: the jar that `locus
 * compile` writes for quickstart.locus, the example compiled with only the runtime and that jar on
 * its class path (so the model needs nothing of the compiler), and run in a JVM of its own.
 */
class JavaExampleTest {
    private static final Path EXAMPLE = Path.of("java", "QuickstartFromJava.java");

    @TempDir
    Path dir;

    /** The runtime's classes as this build has them: its jar, or its classes folder within the reactor. */
    private static Path runtime() throws URISyntaxException {
        return Path.of(CompiledModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theExampleTrainsPredictsSavesAndReloadsTheCompiledModel() throws Exception {
        Path jar = dir.resolve("quick.jar");
        CliRun compile = CliRun.of("compile", "quickstart.locus", "--target", "jvm", "-o", jar.toString());
        assertEquals(0, compile.status(), compile.err());

        String classPath = runtime() + File.pathSeparator + jar;
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean compiled = javac.getTask(messages, null, null, List.of("-classpath", classPath, "-d", classes.toString(),
                "-Xlint:all", "-Werror", "-proc:none"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(EXAMPLE)).call();
        assertTrue(compiled, messages.toString());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", classPath + File.pathSeparator + classes, "QuickstartFromJava", jar.toString(), dir.toString())
                .redirectErrorStream(false).start();
        process.getOutputStream().close();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the example did not finish");
        assertEquals(0, process.exitValue(), out + err);

        List<String> lines = out.lines().toList();
        assertEquals("QuickMLP: 784 floats in, 10 classes out, layers [fc1, fc2, out], at most 32 samples a call",
                lines.get(0));
        Matcher epoch = Pattern.compile("epoch 1: test accuracy (0\\.\\d{3})").matcher(lines.get(1));
        assertTrue(epoch.matches(), lines.get(1));
        assertTrue(Double.parseDouble(epoch.group(1)) > 0.5, "an epoch of the sample takes QuickMLP well above "
                + "chance (0.1): " + lines.get(1));
        assertTrue(lines.get(2).startsWith("predicted ["), lines.get(2));
        assertEquals(List.of("same predictions after loading: true", "same scores after loading: true",
                "refused: count must be between 1 and the batch capacity 32 of network QuickMLP, got 33"),
                lines.subList(3, lines.size()));
        assertTrue(Files.isRegularFile(dir.resolve("quick.ckpt")));
        assertEquals("", err.replace("WARNING: Using incubator modules: jdk.incubator.vector\n", ""));
    }

    @Test
    void theExampleIsWhatTheReadmeShows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("bin/locus compile examples/quickstart.locus --target jvm -o quick.jar"),
                "the README's section on Java shows the compile command");
        for (String line : List.of("CompiledModel model = new QuickMLP();", "model.initialize(seed);",
                "Provenance origin = Models.provenance(model, data);",
                "model.save(checkpoint, origin, new TrainingPosition(1, 0));", "CompiledModel again = Models.load(jar);", "again.load(checkpoint);")) {
            assertTrue(Files.readString(EXAMPLE).contains(line), EXAMPLE + " lacks " + line);
            assertTrue(readme.contains(line), "README.md lacks the example's line " + line);
        }
    }
}
