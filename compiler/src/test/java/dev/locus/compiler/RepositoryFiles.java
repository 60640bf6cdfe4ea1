package dev.locus.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Files of the repository that tests read: the language reference and the example programs.
 * Maven runs a module's tests in the module's folder, so the repository is its parent; nothing
 * outside the repository is read, so that a clone alone in an empty folder passes its tests.
 */
public final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The repository's root: the parent of the module folder the tests run in. */
    public static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("docs"))) {
            throw new IllegalStateException("the tests must run in a module folder of the repository (as Maven runs "
                    + "them); the working directory is " + Path.of("").toAbsolutePath());
        }
        return root;
    }

    /** docs/LANGUAGE.md, the language reference. */
    public static Path languageReference() {
        return root().resolve("docs").resolve("LANGUAGE.md");
    }

    /**
     * The lines of the reference's section whose heading starts with {@code heading} (e.g. {@code "## 1."}):
     * from that heading up to the next heading of the same or a higher level.
     */
    public static List<String> section(final String heading) throws IOException {
        List<String> lines = Files.readAllLines(languageReference(), StandardCharsets.UTF_8);
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int start = -1;
        boolean inFence = false; // a `#` line inside a code block is no heading
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            } else if (inFence) {
                continue;
            } else if (start < 0 && line.startsWith(heading)) {
                start = i;
            } else if (start >= 0 && isHeadingAtOrAbove(line, level)) {
                return lines.subList(start, i);
            }
        }
        if (start < 0) {
            throw new AssertionError("no section `" + heading + "` in " + languageReference());
        }
        return lines.subList(start, lines.size());
    }

    private static boolean isHeadingAtOrAbove(final String line, final String level) {
        int hashes = 0;
        while (hashes < line.length() && line.charAt(hashes) == '#') {
            hashes++;
        }
        return hashes > 0 && hashes < line.length() && line.charAt(hashes) == ' ' && hashes <= level.length() - 1;
    }
}
