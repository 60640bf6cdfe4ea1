package dev.locus.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hardware target reads the IR and the runtime, never the checker, the AST, the parser or the lowering. */
class ArchitectureTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?dev\\.locus\\.compiler\\.(check|ast|parse|lower)\\.", Pattern.MULTILINE);

    @Test
    void theHardwareTargetReadsOnlyTheIr() throws IOException {
        Path main = Programs.repository().resolve("hwtarget/src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = FORBIDDEN.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(main.relativize(f) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
