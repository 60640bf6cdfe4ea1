package dev.locus.examples.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README shows what `locus test-rule` prints on the good and on the wrong example rule, and the
 * command prints that: the same lines with the same words, and every number the same except where a
 * figure comes from training on the JVM backend, whose float sums follow the CPU's vector width
 * (a test accuracy, and so the seed and the size of the network a shrink ends at, may differ on
 * another machine): numbers are compared as such only in the lines the interpreter alone computes.
 */
class ReadmeTestRuleTest {
    private static List<String> shown(final String command) throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int at = readme.indexOf("$ " + command);
        if (at < 0) {
            throw new AssertionError("the README shows no `" + command + "`");
        }
        int end = readme.subList(at, readme.size()).indexOf("```") + at;
        return readme.subList(at + 1, end);
    }

    private static void printsWhatTheReadmeShows(final int status, final String... args) throws IOException {
        String command = "bin/locus test-rule " + String.join(" ", args);
        List<String> expected = shown(command);
        String[] here = args.clone();
        here[0] = here[0].replaceFirst("^examples/", "");
        CliRun run = CliRun.of(prepend("test-rule", here));
        assertEquals(status, run.status(), run.err());
        List<String> actual = run.out().lines().map(l -> l.replace(here[0], args[0])).toList();
        assertEquals(expected.size(), actual.size(), String.join("\n", actual));
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (e.matches("(gradient|locality-static|locality-numeric|fixed-tensors|descent) .*")) {
                assertEquals(e, a);
            } else {
                assertEquals(e.replaceAll("\\d+(\\.\\d+)?", "#"), a.replaceAll("\\d+(\\.\\d+)?", "#"));
            }
        }
    }

    private static String[] prepend(final String first, final String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Test
    void theGoodRule() throws IOException {
        printsWhatTheReadmeShows(0, "examples/rules/local_hinge.locus", "local_hinge", "--require-local");
    }

    @Test
    void theWrongRule() throws IOException {
        printsWhatTheReadmeShows(1, "examples/rules/wrong_sign.locus", "wrong_sign");
    }
}
