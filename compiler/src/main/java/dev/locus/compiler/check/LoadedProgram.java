package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program with its imports followed: the declarations visible in the main file (its own and
 * those of every file it imports, in load order), the standard library's rules, and the folder
 * of the main file (relative data paths are resolved against it), and the texts of the files read
 * (the main file first, then each import as it was first reached).
 */
public record LoadedProgram(Path mainFile, List<Decl> decls, Map<String, Decl.Rule> stdlibRules,
                            List<SourceFile> sources) {
    public LoadedProgram {
        decls = List.copyOf(decls);
        sources = List.copyOf(sources);
        stdlibRules = Map.copyOf(stdlibRules);
    }

    public Path baseDirectory() {
        Path parent = mainFile.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
