package dev.locus.compiler.corpus;

import dev.locus.compiler.diag.Code;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One diagnostic a corpus program must produce, read from a marker comment (see corpus/README.md):
 * {@code // error L406 @35 "dense" "fc1"} on the line above the line it is about.
 */
record Expectation(String severity, Code code, Path file, int line, int column, List<String> mentions) {

    private static final Pattern MARKER = Pattern.compile(
            "^\\s*//\\s*(error|warning)\\s+(L\\d{3})\\s+@(\\d+)(?:\\s+in\\s+(\\S+?):(\\d+))?((?:\\s+\"[^\"]*\")*)\\s*$");
    private static final Pattern LOOKS_LIKE_MARKER = Pattern.compile("^\\s*//\\s*(error|warning)\\b.*");
    private static final Pattern MENTION = Pattern.compile("\"([^\"]*)\"");

    /** The key compared against what the front end reports: severity, code, file, line and column. */
    String key(final Path root) {
        return key(severity, code, root.relativize(file).toString(), line, column);
    }

    static String key(final String severity, final Code code, final String file, final int line, final int column) {
        return severity + " " + code.id() + " " + code.name() + " at " + file + ":" + line + ":" + column;
    }

    /**
     * Every marker of a program. A marker without {@code in FILE:LINE} is about the first line after
     * it that is not itself a marker; with it, about that line of a file beside the program.
     */
    static List<Expectation> parse(final Path program, final String text) {
        List<String> lines = Arrays.asList(text.split("\n", -1));
        List<Expectation> out = new ArrayList<>();
        List<Matcher> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = MARKER.matcher(line);
            if (m.matches()) {
                pending.add(m);
                continue;
            }
            if (LOOKS_LIKE_MARKER.matcher(line).matches()) {
                throw new IllegalArgumentException(program + ":" + (i + 1) + ": malformed expectation: " + line);
            }
            for (Matcher p : pending) {
                out.add(make(program, p, i + 1));
            }
            pending.clear();
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException(program + ": an expectation at the end of the file is about no line");
        }
        return out;
    }

    private static Expectation make(final Path program, final Matcher m, final int nextLine) {
        Code code = Arrays.stream(Code.values()).filter(c -> c.id().equals(m.group(2))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(program + ": no code " + m.group(2)));
        Path file = m.group(4) == null ? program : program.resolveSibling(m.group(4));
        int line = m.group(4) == null ? nextLine : Integer.parseInt(m.group(5));
        List<String> mentions = new ArrayList<>();
        Matcher q = MENTION.matcher(m.group(6));
        while (q.find()) {
            mentions.add(q.group(1));
        }
        return new Expectation(m.group(1), code, file.toAbsolutePath().normalize(), line, Integer.parseInt(m.group(3)),
                mentions);
    }
}
