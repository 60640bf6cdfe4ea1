package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Program;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.parse.SourceParser;
import dev.locus.compiler.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The rules of the standard library, parsed once from the stdlib module's resources. */
public final class StandardLibrary {
    public static final String RESOURCE = "/dev/locus/stdlib/rules.locus";
    private static volatile Map<String, Decl.Rule> rules;

    private StandardLibrary() {
    }

    public static Map<String, Decl.Rule> rules() {
        Map<String, Decl.Rule> r = rules;
        if (r == null) {
            r = load();
            rules = r;
        }
        return r;
    }

    public static SourceFile source() {
        try (InputStream in = StandardLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the standard library " + RESOURCE + " is not on the class path");
            }
            return new SourceFile("<stdlib>/rules.locus", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Decl.Rule> load() {
        Diagnostics d = new Diagnostics();
        Program p = SourceParser.parse(source(), d)
                .orElseThrow(() -> new IllegalStateException("the standard library does not parse: " + d.all()));
        Map<String, Decl.Rule> out = new LinkedHashMap<>();
        for (Decl decl : p.decls()) {
            if (decl instanceof Decl.Rule r) {
                out.put(r.name().text(), r);
            }
        }
        return Map.copyOf(out);
    }
}
