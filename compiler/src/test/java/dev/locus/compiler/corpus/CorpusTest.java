package dev.locus.compiler.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.locus.cli.CliRun;
import dev.locus.cli.Json;
import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of wrong programs (src/test/resources/corpus, format in its README.md): each program
 * must produce exactly the diagnostics its markers list, no more and no fewer, and every
 * diagnostic code must have at least one program that produces it.
 */
class CorpusTest {

    /**
     * The corpus folder: the source folder itself when the tests run in the module (a copy under
     * target/ may hold programs since renamed or deleted), else the copy on the class path.
     */
    static Path root() {
        Path source = Path.of("src", "test", "resources", "corpus");
        if (Files.isDirectory(source)) {
            return source.toAbsolutePath().normalize();
        }
        try {
            return Path.of(CorpusTest.class.getResource("/corpus").toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The programs: the .locus files at the top of the corpus (files in subfolders are only imported). */
    static List<Path> programs() {
        try (Stream<Path> files = Files.list(root())) {
            return files.filter(p -> p.toString().endsWith(".locus")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Expectation> expectations(final Path program) {
        return Expectation.parse(program, text(program));
    }

    /**
     * A program's text, decoded leniently: the programs about encodings are not UTF-8 on purpose,
     * and their markers, in valid lines, read the same.
     */
    static String text(final Path program) {
        try {
            return new String(Files.readAllBytes(program), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One diagnostic as reported: where, what, and its message and notes' messages. */
    record Reported(String key, dev.locus.compiler.diag.Code code, int line, int column, String text) {
    }

    /** A program whose first line is {@code // check with: FLAGS} is checked by `locus check FLAGS --json`. */
    private static List<String> flags(final Path program) {
        String first = text(program).lines().findFirst().orElse("");
        String prefix = "// check with:";
        return first.startsWith(prefix) ? List.of(first.substring(prefix.length()).trim().split("\\s+")) : List.of();
    }

    private static String shown(final String fileName) {
        Path file = Path.of(fileName).toAbsolutePath().normalize();
        return file.startsWith(root()) ? root().relativize(file).toString() : fileName;
    }

    private static List<Reported> checkInProcess(final Path program, final StringBuilder rendered) {
        Diagnostics diagnostics = new Diagnostics();
        FrontEnd.check(program, diagnostics);
        List<Reported> out = new ArrayList<>();
        for (Diagnostic d : diagnostics.all()) {
            StringBuilder text = new StringBuilder(d.message());
            d.notes().forEach(n -> text.append('\n').append(n.message()));
            out.add(new Reported(Expectation.key(d.severity().label(), d.code(), shown(d.span().file().name()),
                    d.span().line(), d.span().column()), d.code(), d.span().line(), d.span().column(), text.toString()));
        }
        diagnostics.sorted().forEach(d -> rendered.append(TextRenderer.render(d)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Reported> checkByCommand(final Path program, final List<String> flags,
                                                 final StringBuilder rendered) {
        List<String> args = new ArrayList<>(List.of("check", "--json"));
        args.addAll(flags);
        args.add(program.toString());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        rendered.append(run.out()).append(run.err());
        List<Reported> out = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            Map<String, Object> d = Json.object(line);
            Code code = Code.valueOf((String) d.get("name"));
            int l = ((Double) d.get("line")).intValue();
            int c = ((Double) d.get("column")).intValue();
            StringBuilder text = new StringBuilder((String) d.get("message"));
            ((List<Map<String, Object>>) d.get("notes")).forEach(n -> text.append('\n').append(n.get("message")));
            out.add(new Reported(Expectation.key((String) d.get("severity"), code, shown((String) d.get("file")), l, c),
                    code, l, c, text.toString()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void reportsExactlyTheMarkedDiagnostics(final Path program) {
        List<Expectation> expected = expectations(program);
        assertTrue(!expected.isEmpty(), program.getFileName() + " has no expectation: every corpus program is wrong");
        StringBuilder rendered = new StringBuilder();
        List<String> flags = flags(program);
        List<Reported> reported = flags.isEmpty() ? checkInProcess(program, rendered)
                : checkByCommand(program, flags, rendered);

        // As multisets: a place marked twice must have two diagnostics, and one marked once only one.
        List<String> want = expected.stream().map(e -> e.key(root())).sorted().toList();
        List<String> got = reported.stream().map(Reported::key).sorted().toList();
        assertEquals(want, got, "diagnostics of " + program.getFileName()
                + " (each place has as many as it has markers):\n" + rendered);

        // Each mention must appear in the message or a note of the diagnostic at the marked place; where
        // several markers share a place, each must have a diagnostic of its own there that says what it says.
        Map<String, List<Expectation>> byPlace = expected.stream()
                .collect(Collectors.groupingBy(e -> e.key(root()), TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Expectation>> place : byPlace.entrySet()) {
            List<Reported> there = reported.stream().filter(d -> d.key().equals(place.getKey())).toList();
            if (place.getValue().size() == 1) {
                Expectation e = place.getValue().get(0);
                for (String mention : e.mentions()) {
                    assertTrue(there.get(0).text().contains(mention), program.getFileName() + ":" + e.line()
                            + ": the " + e.code().id() + " diagnostic should mention \"" + mention + "\", but says:\n"
                            + there.get(0).text());
                }
            } else if (!matched(place.getValue(), there, 0, new boolean[there.size()])) {
                fail(program.getFileName() + ": the markers of " + place.getKey() + " mention "
                        + place.getValue().stream().map(Expectation::mentions).toList()
                        + ", and no one-to-one pairing with the diagnostics there fits; they say:\n"
                        + there.stream().map(Reported::text).collect(Collectors.joining("\n--\n")));
            }
        }
    }

    /** Whether markers {@code from} on can each take a diagnostic not yet {@code used} that mentions all theirs. */
    private static boolean matched(final List<Expectation> marks, final List<Reported> there, final int from,
                                   final boolean[] used) {
        if (from == marks.size()) {
            return true;
        }
        for (int j = 0; j < there.size(); j++) {
            Reported d = there.get(j);
            if (!used[j] && marks.get(from).mentions().stream().allMatch(m -> d.text().contains(m))) {
                used[j] = true;
                if (matched(marks, there, from + 1, used)) {
                    return true;
                }
                used[j] = false;
            }
        }
        return false;
    }

    /**
     * `locus check` on every program: exit status 1 when an error is marked (0 for warnings alone),
     * each marked place in what it prints, and never a stack trace.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void theCheckCommandExitsOneWithoutAStackTrace(final Path program) {
        List<Expectation> expected = expectations(program);
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(flags(program));
        args.add(program.toString());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        boolean errors = expected.stream().anyMatch(e -> e.severity().equals("error"));
        assertEquals(errors ? 1 : 0, run.status(), program.getFileName() + ":\n" + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "a stack trace:\n" + run.err());
        for (Expectation e : expected) {
            String place = ":" + e.line() + ":" + e.column() + ": " + e.severity() + ": ";
            assertTrue(run.err().contains(place), program.getFileName() + " should print " + place + "\n" + run.err());
        }
    }

    /** Like javac's CheckExamples: a code that no program produces is a code nobody has seen work. */
    @Test
    void everyCodeHasAnExample() {
        Set<Code> missing = EnumSet.allOf(Code.class);
        for (Path program : programs()) {
            expectations(program).forEach(e -> missing.remove(e.code()));
        }
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>();
            missing.forEach(c -> names.add(c.id() + " " + c.name() + " (" + c.summary() + ")"));
            fail("codes with no program in the corpus:\n  " + String.join("\n  ", names));
        }
    }
}
