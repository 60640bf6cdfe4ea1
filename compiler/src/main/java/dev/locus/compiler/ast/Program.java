package dev.locus.compiler.ast;

import dev.locus.compiler.source.Span;
import java.util.List;

/** One `.locus` file: its imports, then its declarations in source order. */
public record Program(Span span, List<Import> imports, List<Decl> decls) implements Node {
    public Program {
        imports = List.copyOf(imports);
        decls = List.copyOf(decls);
    }
}
