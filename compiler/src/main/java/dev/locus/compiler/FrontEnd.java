package dev.locus.compiler;

import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.Checker;
import dev.locus.compiler.check.LoadedProgram;
import dev.locus.compiler.check.ProgramLoader;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.Optional;

/** Parse, follow imports, check: a file in, a checked program (or diagnostics) out. */
public final class FrontEnd {
    private FrontEnd() {
    }

    public static Optional<CheckedProgram> check(final Path file, final Diagnostics diagnostics) {
        return new ProgramLoader(diagnostics).load(file).flatMap(p -> checkLoaded(p, diagnostics));
    }

    /** Checks text already in memory, as if it were the file {@code file} (imports resolve beside it). */
    public static Optional<CheckedProgram> check(final Path file, final String text, final Diagnostics diagnostics) {
        LoadedProgram p = new ProgramLoader(diagnostics).load(file, new SourceFile(file.toString(), text));
        return checkLoaded(p, diagnostics);
    }

    private static Optional<CheckedProgram> checkLoaded(final LoadedProgram p, final Diagnostics diagnostics) {
        if (diagnostics.hasErrors()) {
            return Optional.empty(); // syntax errors: the checker would only add noise
        }
        return Checker.check(p, diagnostics);
    }
}
