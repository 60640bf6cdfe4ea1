package dev.locus.examples.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.cli.LocusCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README shows what `locus test-rule` prints on the good and on the wrong example rule; the
 * command prints exactly that (the cases, their seeds and the training are the seed's alone).
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
        LocusCommand run = LocusCommand.run(prepend("test-rule", here));
        assertEquals(status, run.status(), run.err());
        List<String> actual = run.out().lines().map(l -> l.replace(here[0], args[0])).toList();
        assertEquals(expected, actual);
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
