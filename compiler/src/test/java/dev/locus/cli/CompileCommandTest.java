package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.compiler.jvm.BytecodeVerifier;
import dev.locus.compiler.jvm.GeneratedClass;
import dev.locus.compiler.jvm.RuntimeOnlyPolicy;
import dev.locus.runtime.model.CompiledModel;
import dev.locus.runtime.model.Models;
import dev.locus.runtime.train.StepStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
    private static final String SECOND = """
            network Wide {
                input  image : [1, 6, 6]
                classes 3
                layer  fc1 = flatten -> dense(12) -> relu
                output out = dense(classes)
            }
            train Wide {
                data      idx(images: "train-images", labels: "train-labels", test_images: "test-images", test_labels: "test-labels")
                rule      backprop(loss: cross_entropy)
                optimizer sgd(lr: 0.1)
                batch     4
                epochs    2
                seed      7
            }
            """;

    @TempDir
    Path dir;

    private Path tiny() throws IOException {
        return TinyProgram.write(dir, "local_error(loss: cross_entropy)", "adam(lr: 0.01)", 1, 16);
    }

    private static List<String> entries(final Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    private static byte[] entry(final Path jar, final String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry e = file.getJarEntry(name);
            assertTrue(e != null, jar + " lacks " + name + ": " + entries(jar));
            return file.getInputStream(e).readAllBytes();
        }
    }

    private static String sha256(final Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void assertNoStackTrace(final CliRun run) {
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.err().contains("internal error"), run.err());
    }

    @Test
    void writesAJarOfTheNetworkItsIndexAndItsProperties() throws Exception {
        Path file = tiny();
        Path jar = dir.resolve("model.jar");
        CliRun run = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", jar.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("wrote " + jar + ": Tiny for target jvm\n", run.out());
        assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF", "META-INF/services/",
                "META-INF/services/dev.locus.runtime.model.CompiledModel", "dev/", "dev/locus/", "dev/locus/models/",
                "dev/locus/models/Tiny.class", "dev/locus/models/Tiny.properties"), entries(jar));
        assertEquals("dev.locus.models.Tiny\n", new String(entry(jar,
                "META-INF/services/dev.locus.runtime.model.CompiledModel"), StandardCharsets.UTF_8));
        assertEquals("""
                # A network compiled by Locus (see docs/JVM-BACKEND.md)
                network=Tiny
                class=dev.locus.models.Tiny
                input_shape=1,6,6
                sample_size=36
                classes=3
                batch_capacity=8
                layers=fc1,fc2,out
                rule=local_error
                epochs=1
                seed=1
                locus_version=%s
                source=tiny.locus
                source_sha256=%s
                """.formatted(Main.version(), sha256(file)), new String(entry(jar, "dev/locus/models/Tiny.properties"),
                StandardCharsets.ISO_8859_1));
        Manifest manifest = new Manifest(new java.io.ByteArrayInputStream(entry(jar, "META-INF/MANIFEST.MF")));
        assertEquals("dev.locus.models.Tiny", manifest.getMainAttributes().getValue("Locus-Models"));
        assertEquals("Locus " + Main.version(), manifest.getMainAttributes().getValue("Created-By"));
    }

    @Test
    void theJarsClassVerifiesAndCallsOnlyTheRuntime() throws Exception {
        Path jar = dir.resolve("model.jar");
        assertEquals(0, CliRun.of("compile", tiny().toString(), "--target", "jvm", "-o", jar.toString(),
                "--package", "com.example.nets").status());
        byte[] bytes = entry(jar, "com/example/nets/Tiny.class");
        assertEquals("", BytecodeVerifier.problems(new GeneratedClass("com/example/nets/Tiny", bytes)));
        assertEquals(List.of(), RuntimeOnlyPolicy.violations(bytes));
        assertTrue(RuntimeOnlyPolicy.violations(dev.locus.compiler.jvm.ClassReferences.of(bytes)).stream()
                .anyMatch(v -> v.startsWith("field com/example/nets/Tiny.")),
                "outside the runtime's packages only the class itself is allowed, and only by its own name");
    }

    @Test
    void theJarLoadsTrainsPredictsAndRefusesMoreThanItsBatch() throws Exception {
        Path jar = dir.resolve("model.jar");
        assertEquals(0, CliRun.of("compile", tiny().toString(), "--target", "jvm", "-o", jar.toString()).status());
        CompiledModel model = Models.load(jar);
        assertEquals("dev.locus.models.Tiny", model.getClass().getName());
        assertEquals(List.of(36, 3, 8), List.of(model.sampleSize(), model.classes(), model.batchCapacity()));
        assertEquals("1", Models.info(model).orElseThrow().getProperty("seed"));
        model.initialize(1);
        float[] images = new float[9 * 36];
        for (int i = 0; i < images.length; i++) {
            images[i] = (i * 37 % 11) / 11f;
        }
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2};
        StepStats stats = new StepStats(3);
        model.trainStep(images, labels, 3, stats);
        assertTrue(stats.reported(2));
        int[] predicted = new int[9];
        model.predict(images, 3, predicted);
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> model.predict(images, 9, predicted));
        assertEquals("count must be between 1 and the batch capacity 8 of network Tiny, got 9", refused.getMessage());
    }

    @Test
    void theServiceLoaderFindsTheNetworkOfAJarOnTheClassPath() throws Exception {
        Path jar = dir.resolve("model.jar");
        assertEquals(0, CliRun.of("compile", tiny().toString(), "--target", "jvm", "-o", jar.toString(),
                "--package", "com.example").status());
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                CompiledModel.class.getClassLoader())) {
            List<String> found = java.util.ServiceLoader.load(CompiledModel.class, loader).stream()
                    .map(p -> p.get().getClass().getName() + " " + p.get().network()).toList();
            assertEquals(List.of("com.example.Tiny Tiny"), found);
        }
    }

    @Test
    void theSameProgramGivesTheSameBytes() throws IOException {
        Path file = tiny();
        Path first = dir.resolve("a.jar");
        Path second = dir.resolve("b.jar");
        assertEquals(0, CliRun.of("compile", file.toString(), "--target", "jvm", "-o", first.toString()).status());
        assertEquals(0, CliRun.of("compile", file.toString(), "--target", "jvm", "-o", second.toString()).status());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void everyTrainBlocksNetworkOrTheOneNamed() throws Exception {
        Path file = tiny();
        Files.writeString(file, Files.readString(file) + SECOND);
        Path both = dir.resolve("both.jar");
        CliRun run = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", both.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("dev.locus.models.Tiny\ndev.locus.models.Wide\n", new String(entry(both,
                "META-INF/services/dev.locus.runtime.model.CompiledModel"), StandardCharsets.UTF_8));
        assertEquals("Wide", Models.load(both, "Wide").network());
        Properties wide = Models.info(Models.load(both, "Wide")).orElseThrow();
        assertEquals(List.of("4", "backprop", "7"), List.of(wide.getProperty("batch_capacity"),
                wide.getProperty("rule"), wide.getProperty("seed")));

        Path one = dir.resolve("one.jar");
        assertEquals(0, CliRun.of("compile", file.toString(), "--target", "jvm", "-o", one.toString(),
                "--network", "Wide").status());
        assertEquals(List.of("dev.locus.models.Wide"), Models.classes(one));

        CliRun unknown = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", one.toString(),
                "--network", "Deep");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("locus compile: --network Deep: no train block of " + file
                + " trains it; its train blocks train Tiny, Wide\n"), unknown.err());
    }

    @Test
    void anUnknownOrAbsentTargetIsAUsageErrorListingTheTargets() throws IOException {
        Path file = tiny();
        CliRun hw = CliRun.of("compile", file.toString(), "--target", "hw", "-o", dir.resolve("m.bin").toString());
        assertEquals(2, hw.status());
        assertTrue(hw.err().startsWith("locus compile: unknown target `hw`; available: jvm\n"), hw.err());
        CliRun none = CliRun.of("compile", file.toString(), "-o", dir.resolve("m.jar").toString());
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("locus compile: no --target: say what to compile to; available: jvm\n"),
                none.err());
        assertFalse(Files.exists(dir.resolve("m.bin")) || Files.exists(dir.resolve("m.jar")));
    }

    @Test
    void badFlagsAreUsageErrors() throws IOException {
        Path file = tiny();
        CliRun noOutput = CliRun.of("compile", file.toString(), "--target", "jvm");
        assertEquals(2, noOutput.status());
        assertTrue(noOutput.err().startsWith("locus compile: no -o OUT: name the file to write\n"), noOutput.err());
        for (String bad : List.of("com.1nets", "java.util", "com.class", "a..b")) {
            CliRun run = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", "x.jar", "--package", bad);
            assertEquals(2, run.status(), bad);
            assertTrue(run.err().startsWith("locus compile: --package " + bad + ": not a Java package name one may "
                    + "define classes in (such as com.example.models)\n"), run.err());
        }
        CliRun two = CliRun.of("compile", file.toString(), file.toString(), "--target", "jvm", "-o", "x.jar");
        assertEquals(2, two.status());
        assertTrue(two.err().startsWith("locus compile: compile takes one file\n"), two.err());
    }

    @Test
    void aBadProgramPrintsItsDiagnosticsAndLeavesTheJarAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.locus"), "network N {\n    input image : [1, 2, 2]\n    classes 2\n"
                + "    output out = dense(clases)\n}\n");
        Path jar = Files.writeString(dir.resolve("model.jar"), "an older jar");
        CliRun run = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", jar.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("bad.locus:4:"), run.err());
        assertNoStackTrace(run);
        assertEquals("an older jar", Files.readString(jar));
        assertEquals("", run.out());
    }

    @Test
    void aProgramWithoutATrainBlockHasNothingToCompile() throws IOException {
        Path file = Files.writeString(dir.resolve("net.locus"), "network N {\n    input image : [4]\n"
                + "    classes 2\n    output out = dense(classes)\n}\n");
        CliRun run = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", dir.resolve("m.jar").toString());
        assertEquals(1, run.status());
        assertEquals("locus compile: " + file + ": no train block: nothing to compile (a network is compiled as its "
                + "train block says: its batch, rule and seed)\n", run.err());
    }

    @Test
    void anUnwritablePlaceIsAPlainErrorAndAnOldJarIsReplacedWhole() throws IOException {
        Path file = tiny();
        Path missing = dir.resolve("no/such/model.jar");
        CliRun run = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", missing.toString());
        assertEquals(1, run.status());
        assertEquals("locus compile: cannot write " + missing + ": the folder " + missing.getParent()
                + " does not exist\n", run.err());
        CliRun folder = CliRun.of("compile", file.toString(), "--target", "jvm", "-o", dir.toString());
        assertEquals(1, folder.status());
        assertEquals("locus compile: " + dir + " is a folder; name the jar to write, such as "
                + dir.resolve("model.jar") + "\n", folder.err());

        Path jar = Files.writeString(dir.resolve("model.jar"), "an older jar");
        assertEquals(0, CliRun.of("compile", file.toString(), "--target", "jvm", "-o", jar.toString()).status());
        assertEquals(List.of("dev.locus.models.Tiny"), Models.classes(jar));
        List<String> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).forEach(left::add);
        }
        assertEquals(List.of(), left, "no temporary file is left beside the jar");
    }
}
