package dev.locus.cli;

import dev.locus.compiler.check.ProgramLoader;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.fmt.Formatter;
import dev.locus.compiler.source.SourceFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus fmt FILE...`: rewrites each file in its canonical form. A file is written only when its
 * text changes, and then atomically (a reader sees the old text or the new, never half of it). A
 * file that does not parse is left as it is: its errors are printed and the exit status is 1.
 */
final class FmtCommand implements Command {
    @Override
    public String name() {
        return "fmt";
    }

    @Override
    public String summary() {
        return "rewrite programs in the canonical layout, keeping every comment";
    }

    @Override
    public String arguments() {
        return "FILE... [--check | --stdout]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.flag("check", "write nothing; list the files that are not formatted (exit 1 if any)"))
                .addOption(Main.flag("stdout", "print the formatted text instead of rewriting the files"));
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        List<String> files = line.getArgList();
        if (files.isEmpty()) {
            throw new UsageException("no file to format");
        }
        boolean check = line.hasOption("check");
        boolean stdout = line.hasOption("stdout");
        if (check && stdout) {
            throw new UsageException("--check and --stdout cannot be used together");
        }
        int status = Main.OK;
        for (String file : files) {
            status = Math.max(status, format(file, check, stdout, out, err));
        }
        return status;
    }

    private static int format(final String file, final boolean check, final boolean stdout, final PrintStream out,
                              final PrintStream err) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            err.println("locus fmt: " + file + " is not a valid path");
            return Main.USER_ERROR;
        }
        Diagnostics diagnostics = new Diagnostics();
        Optional<SourceFile> source = ProgramLoader.read(path, file, diagnostics, null);
        Optional<String> formatted = source.flatMap(s -> Formatter.format(s, diagnostics));
        for (Diagnostic d : diagnostics.sorted()) {
            err.print(TextRenderer.render(d));
        }
        if (formatted.isEmpty()) {
            return Main.USER_ERROR;
        }
        if (stdout) {
            out.print(formatted.get());
            return Main.OK;
        }
        if (formatted.get().equals(source.get().text())) {
            return Main.OK;
        }
        if (check) {
            out.println(file);
            return Main.USER_ERROR;
        }
        return rewrite(path, formatted.get(), file, err) ? Main.OK : Main.USER_ERROR;
    }

    /**
     * Writes a temporary file beside the target and renames it over the target: the rename is atomic,
     * so an interrupted run leaves the old text whole. The new file gets the old one's permissions
     * (a temporary file starts private), and a symbolic link is followed rather than replaced.
     */
    private static boolean rewrite(final Path path, final String text, final String shown, final PrintStream err) {
        Path temp = null;
        try {
            Path target = path.toRealPath();
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            err.println("locus fmt: cannot write " + shown + ": " + reason(e) + "; the file is unchanged");
            return false;
        } finally {
            deleteQuietly(temp);
        }
    }

    private static String reason(final Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** After a successful rename there is nothing left to delete; after a failure, the half-made copy goes. */
    private static void deleteQuietly(final Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The rename failed and so did the cleanup: the error already printed is the one that matters.
        }
    }
}
