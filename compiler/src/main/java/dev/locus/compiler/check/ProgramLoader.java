package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Import;
import dev.locus.compiler.ast.Program;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.parse.SourceParser;
import dev.locus.compiler.source.SourceDecoder;
import dev.locus.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a file and, transitively, the files it imports (each once, relative to the importer),
 * and puts together the declarations the main file sees. A cycle, a missing file, or a name that
 * an import brings in twice is an error at the `import` line.
 */
public final class ProgramLoader {
    private final Diagnostics diagnostics;
    private final Map<Path, List<Decl>> loaded = new HashMap<>();
    private final Set<Path> inProgress = new HashSet<>();
    private final List<SourceFile> sources = new ArrayList<>();

    public ProgramLoader(final Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Reads a file from disk; a file that cannot be read, or is not UTF-8, is reported as a problem
     * of the user's (exit 1). {@code shownAs} names the file in diagnostics.
     */
    public static Optional<SourceFile> read(final Path path, final String shownAs, final Diagnostics diagnostics,
                                            final dev.locus.compiler.source.Span importedAt) {
        return read(path, shownAs, shownAs, diagnostics, importedAt);
    }

    /** The same; {@code written} is the path as the import wrote it, for "does not exist". */
    private static Optional<SourceFile> read(final Path path, final String shownAs, final String written,
                                             final Diagnostics diagnostics,
                                             final dev.locus.compiler.source.Span importedAt) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException | SecurityException e) {
            report(diagnostics, importedAt, written, Files.isDirectory(path) ? "is a directory"
                    : Files.exists(path) ? "cannot be read" : "does not exist");
            return Optional.empty();
        }
        SourceDecoder.Decoded decoded = SourceDecoder.decode(shownAs, bytes);
        if (decoded.invalid().isPresent()) {
            // Like a lexical error, it stops the check of this file: the rest of its text is a guess.
            SourceDecoder.Invalid bad = decoded.invalid().get();
            diagnostics.error(Code.BAD_ENCODING, bad.at(), "the file is not valid UTF-8 here (byte"
                    + (bad.bytes().contains(" ") ? "s " : " ") + bad.bytes() + "); save it as UTF-8");
            return Optional.empty();
        }
        return Optional.of(decoded.file());
    }

    private static void report(final Diagnostics diagnostics, final dev.locus.compiler.source.Span at,
                               final String shownAs, final String what) {
        var span = at != null ? at : new SourceFile(shownAs, "").span(0, 0);
        diagnostics.error(Code.IMPORT_NOT_FOUND, span, "file " + shownAs + " " + what);
    }

    /** Loads from a file on disk. */
    public Optional<LoadedProgram> load(final Path file) {
        return read(file, file.toString(), diagnostics, null).map(source -> load(file, source));
    }

    /** Loads from text already read (the imports are still read from disk, relative to {@code file}). */
    public LoadedProgram load(final Path file, final SourceFile source) {
        Path key = normalize(file);
        sources.add(source);
        inProgress.add(key);
        List<Decl> decls = SourceParser.parse(source, diagnostics).map(p -> declsOf(key, p)).orElse(List.of());
        inProgress.remove(key);
        return new LoadedProgram(file, decls, StandardLibrary.rules(), sources);
    }

    private List<Decl> declsOf(final Path file, final Program program) {
        Map<String, Decl> visible = new LinkedHashMap<>();
        Map<String, Import> broughtBy = new HashMap<>();
        List<Decl> ordered = new ArrayList<>();
        for (Import imp : program.imports()) {
            Path target;
            try {
                target = normalize(file.getParent() == null ? Path.of(imp.path()) : file.getParent().resolve(imp.path()));
            } catch (InvalidPathException e) {
                // A NUL, or a character the file system's encoding cannot hold.
                diagnostics.error(Code.IMPORT_NOT_FOUND, imp.span(), "the imported path is not a valid file path: "
                        + e.getReason());
                continue;
            }
            if (inProgress.contains(target)) {
                diagnostics.error(Code.IMPORT_CYCLE, imp.span(), "import cycle: " + imp.path()
                        + " is already being imported on the way here");
                continue;
            }
            List<Decl> imported = loaded.get(target);
            if (imported == null) {
                Optional<SourceFile> source = read(target, displayName(target), imp.path(), diagnostics, imp.span());
                if (source.isEmpty()) {
                    if (Files.isRegularFile(target)) {
                        loaded.put(target, List.of()); // its bytes were reported in it, once for every importer
                    }
                    continue;
                }
                sources.add(source.get());
                inProgress.add(target);
                imported = SourceParser.parse(source.get(), diagnostics).map(p -> declsOf(target, p)).orElse(List.of());
                inProgress.remove(target);
                loaded.put(target, imported);
            }
            for (Decl d : imported) {
                merge(visible, broughtBy, ordered, d, imp);
            }
        }
        for (Decl d : program.decls()) {
            merge(visible, broughtBy, ordered, d, null);
        }
        return ordered;
    }

    /**
     * Adds a declaration; a second one of a name is reported at the import that brought either of
     * the two (LANGUAGE.md 4b), or at the second declaration when both are this file's own.
     */
    private void merge(final Map<String, Decl> visible, final Map<String, Import> broughtBy, final List<Decl> ordered,
                       final Decl d, final Import via) {
        String key = key(d);
        Decl earlier = visible.get(key);
        if (earlier == d) {
            return; // the same declaration reached through two imports: a file is read once
        }
        if (earlier != null) {
            String kind = kind(d);
            String name = kind + " `" + d.name().text() + "`";
            Import earlierVia = broughtBy.get(key);
            if (via != null) {
                Diagnostic diag = diagnostics.error(Code.DUPLICATE_NAME, via.span(), "import of " + via.path()
                        + " declares " + name + " a second time");
                diagnostics.replace(diag, diag.withNote(earlier.name().span(), "first declared here")
                        .withNote(d.name().span(), "and again here"));
            } else if (earlierVia != null) {
                Diagnostic diag = diagnostics.error(Code.DUPLICATE_NAME, earlierVia.span(), "import of "
                        + earlierVia.path() + " declares " + name + ", which this file declares too");
                diagnostics.replace(diag, diag.withNote(earlier.name().span(), "imported from here")
                        .withNote(d.name().span(), "declared in this file here"));
            } else {
                Diagnostic diag = diagnostics.error(Code.DUPLICATE_NAME, d.name().span(), name + " is declared twice");
                diagnostics.replace(diag, diag.withNote(earlier.name().span(), "first declared here"));
            }
            return;
        }
        visible.put(key, d);
        if (via != null) {
            broughtBy.put(key, via);
        }
        ordered.add(d);
    }

    /** Networks, blocks and rules share one namespace; a train block is keyed by its network. */
    private static String key(final Decl d) {
        return (d instanceof Decl.Train ? "train " : "") + d.name().text();
    }

    static String kind(final Decl d) {
        if (d instanceof Decl.Network) {
            return "network";
        }
        if (d instanceof Decl.Block) {
            return "block";
        }
        return d instanceof Decl.Rule ? "rule" : "a train block for";
    }

    private static Path normalize(final Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException | SecurityException e) {
            return abs;
        }
    }

    private static String displayName(final Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }
}
