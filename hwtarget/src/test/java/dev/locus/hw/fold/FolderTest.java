package dev.locus.hw.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.hw.Programs;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MatrixShape;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class FolderTest {

    static double interval(final HwGraph g) {
        return Folder.computeNodes(g).stream().mapToDouble(n -> n.cyclesPerSample(g.batch())).max().orElse(0);
    }

    static long lanes(final HwGraph g) {
        return Folder.computeNodes(g).stream().mapToLong(n -> n.folding().lanes()).sum();
    }

    @Test
    void automaticFoldingStaysWithinTheBudgetWithWholeFoldsAndABiggerBudgetIsNeverSlower() throws Exception {
        String source = Files.readString(Programs.example("fashion_conv.locus"));
        HwGraph unit = Programs.hw(source);
        double before = interval(unit);
        double previous = Double.MAX_VALUE;
        for (long budget : List.of(256L, 1024L, 4096L, 16384L)) {
            HwGraph g = Programs.hw(source);
            Folder.auto(g, budget, 0);
            assertTrue(lanes(g) <= budget, budget + ": " + lanes(g) + " lanes");
            double now = interval(g);
            assertTrue(now < before, "folding speeds the pipeline up");
            assertTrue(now <= previous, budget + ": " + now + " after " + previous);
            previous = now;
            for (HwNode n : Folder.computeNodes(g)) {
                for (MatrixShape m : n.matrices()) {
                    if (m.mw() == n.matrices().stream().mapToLong(MatrixShape::mw).max().orElse(0)) {
                        assertEquals(0, m.mw() % n.folding().simd(), n + " SIMD " + n.folding().simd() + " of " + m);
                    }
                }
            }
            // the window generators stream at their MVAU's SIMD
            assertEquals(g.node("c1.mvau").folding().simd(), g.node("c1.sliding_window").folding().simd());
        }
    }

    @Test
    void theSlowestNodeIsWhereTheBudgetGoes() {
        HwGraph g = Programs.hw(Programs.mlp(2, 64, "local_error"));
        Folder.auto(g, 512, 0);
        HwNode first = g.node("h1.mvau");
        HwNode small = g.node("out.mvau");
        assertTrue(first.folding().lanes() > small.folding().lanes(), first.folding() + " vs " + small.folding());
    }

    @Test
    void aTargetRateStopsTheFoldingOnceReached() {
        HwGraph g = Programs.hw(Programs.mlp(2, 64, "local_error"));
        Folder.auto(g, 1 << 20, 20_000);
        assertTrue(interval(g) <= 20_000, "reached");
        HwGraph all = Programs.hw(Programs.mlp(2, 64, "local_error"));
        Folder.auto(all, 1 << 20, 0);
        assertTrue(lanes(g) < lanes(all), "stopped early: " + lanes(g) + " vs " + lanes(all));
    }
}
