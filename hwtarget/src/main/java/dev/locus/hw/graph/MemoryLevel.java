package dev.locus.hw.graph;

import java.util.Locale;

/**
 * Where data lives: registers (the FIFOs of the streams and the accumulators inside a unit),
 * on-chip SRAM, or off-chip DRAM. A memory node is on chip when it holds at most the threshold's
 * bytes, else off chip: one rule for every memory, documented in docs/HARDWARE.md.
 */
public enum MemoryLevel {
    REGISTER,
    SRAM,
    DRAM;

    /** The default threshold: 256 KiB, what a mid-range FPGA's block RAM gives one large weight memory. */
    public static final long DEFAULT_SRAM_BYTES = 256 * 1024;

    /** The level of a memory of {@code bytes} under {@code threshold}. */
    public static MemoryLevel of(final long bytes, final long threshold) {
        return bytes <= threshold ? SRAM : DRAM;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
