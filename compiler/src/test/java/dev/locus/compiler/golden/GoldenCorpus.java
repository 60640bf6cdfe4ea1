package dev.locus.compiler.golden;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden corpus (src/test/resources/golden): valid programs, each with one train block, that
 * every backend runs; beside each {@code X.locus} its trace on the reference interpreter,
 * {@code X.expected}.
 */
final class GoldenCorpus {
    static final String SOURCE_FOLDER = "src/test/resources/golden";

    private GoldenCorpus() {
    }

    /**
     * The corpus folder: the source folder when the tests run in the module (so that an update
     * writes where it is committed), else the copy on the class path.
     */
    static Path root() {
        Path source = Path.of(SOURCE_FOLDER);
        if (Files.isDirectory(source)) {
            return source.toAbsolutePath().normalize();
        }
        try {
            return Path.of(GoldenCorpus.class.getResource("/golden").toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> programs() {
        try (Stream<Path> files = Files.list(root())) {
            return files.filter(p -> p.toString().endsWith(".locus")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code X} of {@code X.locus}. */
    static String name(final Path program) {
        String file = program.getFileName().toString();
        return file.substring(0, file.length() - ".locus".length());
    }

    /** The program's only train block; a golden program checks without a single diagnostic. */
    static TrainingPlan plan(final Path program) {
        Diagnostics d = new Diagnostics();
        CheckedProgram p = FrontEnd.check(program, d)
                .orElseThrow(() -> new AssertionError(program.getFileName() + " does not check: " + d.all()));
        if (!d.all().isEmpty()) {
            throw new AssertionError(program.getFileName() + " checks with diagnostics: " + d.all());
        }
        if (p.plans().size() != 1) {
            throw new AssertionError(program.getFileName() + " has " + p.plans().size() + " train blocks, not 1");
        }
        return p.plans().get(0);
    }

    /** The verified IR of a train block, as every backend receives it. */
    static IrGraph ir(final TrainingPlan plan) {
        return Compilation.lower(plan);
    }
}
