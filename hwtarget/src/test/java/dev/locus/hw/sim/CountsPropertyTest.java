package dev.locus.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.hw.NetworkGen;
import dev.locus.hw.Programs;
import dev.locus.hw.fold.Folder;
import dev.locus.hw.graph.Folding;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MemoryLevel;
import org.junit.jupiter.api.Test;

/**
 * The simulator's counts, got by stepping each node's folded schedule, against the closed forms:
 * FINN's ceil(MH/PE) ceil(MW/SIMD) vectors cycles and MH MW vectors MACs for every forward MVAU,
 * and the weights read per sample, for dense and convolution layers of random sizes and foldings.
 */
class CountsPropertyTest {

    static long ceil(final long a, final long b) {
        return (a + b - 1) / b;
    }

    @Test
    void denseAndConvolutionCountsAreTheClosedForms() {
        qt().withFixedSeed(201).withExamples(40).forAll(NetworkGen.networks(), integers().between(1, 40),
                integers().between(1, 80)).checkAssert((net, pe, simd) -> {
                    HwGraph g = Programs.hw(net.source("local_error"));
                    Folder.uniform(g, new Folding(pe, simd));
                    Profile p = Profile.of(g, MemoryLevel.DEFAULT_SRAM_BYTES, CostTable.horowitz45());
                    for (NetworkGen.Dense d : net.denses()) {
                        HwNode mvau = g.node(d.layer() + ".mvau");
                        long usedPe = Math.min(pe, d.out());
                        long usedSimd = Math.min(simd, d.in());
                        NodeCounts c = p.nodes().get(mvau);
                        // the bias (and a hidden layer's activation) fused in: PE elements a cycle over the output
                        long post = ceil((d.layer().equals("out") ? 1L : 2L) * d.out(), usedPe);
                        assertEquals(ceil(d.out(), usedPe) * ceil(d.in(), usedSimd) + post, c.cycles(), 0,
                                d + " " + mvau.folding());
                        assertEquals((long) d.in() * d.out(), c.macs(), d.toString());
                        double weightBytes = g.edges().stream().filter(e -> e.to() == mvau
                                && e.from().name().equals(d.layer() + ".weight.memory"))
                                .mapToDouble(e -> e.bytesPerSample()).sum();
                        assertEquals(4.0 * d.in() * d.out(), weightBytes, 0);
                    }
                    for (NetworkGen.Conv v : net.convs()) {
                        HwNode mvau = g.node(v.layer() + ".mvau");
                        long mh = v.cout();
                        long mw = (long) v.cin() * v.kernel() * v.kernel();
                        long vectors = v.oh() * v.ow();
                        long usedPe = Math.min(pe, mh);
                        long usedSimd = Math.min(simd, mw);
                        NodeCounts c = p.nodes().get(mvau);
                        // the bias and the relu fused in: PE elements a cycle over the output
                        long post = ceil(2 * mh * vectors, usedPe);
                        assertEquals(ceil(mh, usedPe) * ceil(mw, usedSimd) * vectors + post, c.cycles(), 0,
                                v + " " + mvau.folding());
                        assertEquals(mh * mw * vectors, c.macs(), v.toString());
                        NodeCounts window = p.nodes().get(g.node(v.layer() + ".sliding_window"));
                        assertEquals(ceil(mw, usedSimd) * vectors, window.cycles(), 0, v.toString());
                        double weightBytes = g.edges().stream().filter(e -> e.to() == mvau
                                && e.from().name().equals(v.layer() + ".weight.memory"))
                                .mapToDouble(e -> e.bytesPerSample()).sum();
                        assertEquals(4.0 * mh * mw * vectors, weightBytes, 0, "each weight read once per output pixel");
                    }
                });
    }
}
