package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus fmt`, run in-process as the launcher runs it. */
class FmtCommandTest {
    private static final String FORMATTED = """
            // a small net
            network Net {
                input  x : [4]
                classes 2

                output out = dense(classes) // the only layer
            }
            """;
    private static final String UNFORMATTED = """
            // a small net
            network Net { input x:[4] classes 2
              output out=dense( classes )   // the only layer
            }""";

    @TempDir
    Path dir;

    private CliRun last;

    @Test
    void checkListsOnlyTheFilesThatAreNotFormatted() throws IOException {
        Path good = write("good.locus", FORMATTED);
        Path bad = write("bad.locus", UNFORMATTED);

        assertEquals(1, run("fmt", "--check", good.toString(), bad.toString()));
        assertEquals(List.of(bad.toString()), out().lines().toList());
        assertEquals(UNFORMATTED, Files.readString(bad), "--check must write nothing");
    }

    @Test
    void checkOnFormattedFilesSucceedsSilently() throws IOException {
        Path good = write("good.locus", FORMATTED);

        assertEquals(0, run("fmt", "--check", good.toString()));
        assertEquals("", out());
        assertEquals("", err());
    }

    @Test
    void rewritesAnUnformattedFileInPlaceAndKeepsItsPermissions() throws IOException {
        Path bad = write("bad.locus", UNFORMATTED);
        boolean posix = bad.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r-----"));
        }

        assertEquals(0, run("fmt", bad.toString()), err());
        assertEquals(FORMATTED, Files.readString(bad));
        if (posix) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(bad)));
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(bad), left.toList(), "no temporary file may be left behind");
        }
        assertEquals(0, run("fmt", "--check", bad.toString()));
    }

    @Test
    void aFormattedFileIsNotWritten() throws IOException {
        Path good = write("good.locus", FORMATTED);
        Files.setLastModifiedTime(good, FileTime.fromMillis(0));

        assertEquals(0, run("fmt", good.toString()));
        assertEquals(0, Files.getLastModifiedTime(good).toMillis(), "an unchanged file must not be rewritten");
    }

    @Test
    void stdoutPrintsTheResultAndWritesNothing() throws IOException {
        Path bad = write("bad.locus", UNFORMATTED);

        assertEquals(0, run("fmt", "--stdout", bad.toString()));
        assertEquals(FORMATTED, out());
        assertEquals(UNFORMATTED, Files.readString(bad));
    }

    @Test
    void aFileWithSyntaxErrorsIsLeftByteForByteAndItsErrorsArePrinted() throws IOException {
        String broken = "network Net {\r\n    input x : [4\r\n    layer = relu\r\n}\r\n";
        Path file = write("broken.locus", broken);
        byte[] before = Files.readAllBytes(file);

        assertEquals(1, run("fmt", file.toString()));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertTrue(err().startsWith(file + ":3:"), err());
        assertTrue(err().contains("error:"), err());
        assertEquals("", out());
    }

    @Test
    void otherFilesAreStillFormattedWhenOneIsBroken() throws IOException {
        Path broken = write("broken.locus", "network {");
        Path bad = write("bad.locus", UNFORMATTED);

        assertEquals(1, run("fmt", broken.toString(), bad.toString()));
        assertEquals(FORMATTED, Files.readString(bad));
        assertEquals("network {", Files.readString(broken));
    }

    @Test
    void aMissingFileIsTheUsersProblem() {
        Path missing = dir.resolve("missing.locus");

        assertEquals(1, run("fmt", missing.toString()));
        assertTrue(err().contains(missing + " does not exist"), err());
    }

    @Test
    void noFileIsAUsageError() {
        assertEquals(2, run("fmt"));
        assertTrue(err().contains("no file to format"), err());
        assertTrue(err().contains("usage: locus fmt"), err());
    }

    @Test
    void checkAndStdoutTogetherAreAUsageError() throws IOException {
        Path good = write("good.locus", FORMATTED);

        assertEquals(2, run("fmt", "--check", "--stdout", good.toString()));
    }

    private Path write(final String name, final String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private int run(final String... args) {
        last = CliRun.of(args);
        return last.status();
    }

    private String out() {
        return last.out();
    }

    private String err() {
        return last.err();
    }
}
