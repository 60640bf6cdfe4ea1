package dev.locus.compiler.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.locus.compiler.RepositoryFiles;
import dev.locus.compiler.diag.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table of diagnostics in docs/LANGUAGE.md (section 7) cannot fall behind the compiler: it has
 * one row for every {@link Code}, with its id and name, no row for a code that does not exist, and
 * the severity it gives is the one the corpus of wrong programs shows the code reported with.
 */
class DiagnosticsReferenceTest {
    /** {@code | L406 | `SHAPE_MISMATCH` | error | what it means |} */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(L\\d{3})\\s*\\|\\s*`([A-Z_]+)`\\s*\\|\\s*(\\w+)\\s*\\|"
            + "(.*)\\|\\s*$");

    record Row(String id, String name, String severity, String meaning) {
    }

    private static Map<String, Row> rows;

    @BeforeAll
    static void readTable() throws IOException {
        rows = new LinkedHashMap<>();
        for (String line : RepositoryFiles.section("## 7.")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                Row previous = rows.put(m.group(1), new Row(m.group(1), m.group(2), m.group(3), m.group(4).strip()));
                assertNull(previous, "two rows for " + m.group(1));
            }
        }
    }

    @Test
    void everyCodeHasItsRow() {
        List<String> missing = new ArrayList<>();
        for (Code code : Code.values()) {
            Row row = rows.get(code.id());
            if (row == null) {
                missing.add(code.id() + " " + code.name());
                continue;
            }
            assertEquals(code.name(), row.name(), "the name in the row of " + code.id());
            assertFalse(row.meaning().isEmpty(), "the row of " + code.id() + " says nothing");
        }
        assertEquals(List.of(), missing, "codes without a row in the diagnostics table of docs/LANGUAGE.md");
    }

    @Test
    void everyRowIsACode() {
        Set<String> ids = new TreeSet<>();
        Arrays.stream(Code.values()).forEach(c -> ids.add(c.id()));
        Set<String> stale = new TreeSet<>(rows.keySet());
        stale.removeAll(ids);
        assertEquals(Set.of(), stale, "rows of docs/LANGUAGE.md for codes the compiler does not have");
    }

    @Test
    void eachRowGivesTheSeverityTheCompilerReportsTheCodeWith() {
        Map<Code, Set<String>> seen = new LinkedHashMap<>();
        for (Path program : CorpusTest.programs()) {
            for (Expectation e : Expectation.parse(program, CorpusTest.text(program))) {
                seen.computeIfAbsent(e.code(), c -> new TreeSet<>()).add(e.severity());
            }
        }
        for (Map.Entry<Code, Set<String>> e : seen.entrySet()) {
            Row row = rows.get(e.getKey().id());
            if (row != null) { // a missing row is everyCodeHasItsRow's to report
                assertEquals(e.getValue(), Set.of(row.severity()), "severity of " + e.getKey().id()
                        + " in docs/LANGUAGE.md against the corpus");
            }
        }
    }
}
