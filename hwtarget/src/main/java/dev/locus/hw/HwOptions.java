package dev.locus.hw;

import dev.locus.compiler.target.TargetOption;
import dev.locus.hw.fold.FoldConfig;
import dev.locus.hw.fold.Folder;
import dev.locus.hw.graph.Folding;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.MemoryLevel;
import dev.locus.hw.graph.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hardware flags, shared by `locus compile --target hw` and `locus hw-report`: the folding
 * (uniform, from a file, or automatic), the element type, the clock, and the on-chip memory
 * threshold.
 *
 * @param folding PE and SIMD for every compute node (--pe, --simd); 1 x 1 by default
 * @param foldFile a per-layer fold file applied after them (--fold FILE)
 * @param auto whether to fold automatically (--auto-fold) within {@code lanes} (--lanes N), until
 *             the pipeline reaches {@code targetRate} samples per second at the clock (--target-rate)
 * @param precision every node's element type (--precision float32 | qM.N)
 * @param clockMhz the clock cycles are converted at (--clock MHZ)
 * @param sramBytes the largest memory kept on chip (--sram-kib KIB)
 */
public record HwOptions(Folding folding, Optional<Path> foldFile, boolean auto, long lanes, double targetRate,
                        Precision precision, double clockMhz, long sramBytes) {
    public static final double DEFAULT_CLOCK_MHZ = 200;

    public static final HwOptions DEFAULT = new HwOptions(Folding.UNIT, Optional.empty(), false, Folder.DEFAULT_LANES,
            0, Precision.FLOAT32, DEFAULT_CLOCK_MHZ, MemoryLevel.DEFAULT_SRAM_BYTES);

    /** The flags, as `locus compile` lists them for the target. */
    public static List<TargetOption> declared() {
        return List.of(
                new TargetOption("pe", "N", "processing elements of every compute node (default 1)"),
                new TargetOption("simd", "N", "input elements per cycle of every matrix node (default 1)"),
                new TargetOption("fold", "FILE", "per-layer folding and precision: lines `LAYER pe=N simd=N "
                        + "precision=q8.8` (see docs/HARDWARE.md)"),
                new TargetOption("auto-fold", null, "fold automatically to balance the pipeline within --lanes"),
                new TargetOption("lanes", "N", "the resource budget of --auto-fold: PE x SIMD summed over the "
                        + "nodes (default " + Folder.DEFAULT_LANES + ")"),
                new TargetOption("target-rate", "SAMPLES", "with --auto-fold: stop once the pipeline trains this "
                        + "many samples per second at the clock"),
                new TargetOption("precision", "TYPE", "element type: float32 (default) or fixed point qM.N such as "
                        + "q8.8"),
                new TargetOption("clock", "MHZ", "the clock for times and rates (default " + (int) DEFAULT_CLOCK_MHZ
                        + ")"),
                new TargetOption("sram-kib", "KIB", "the largest memory kept on chip, in KiB; larger ones are in "
                        + "DRAM (default " + MemoryLevel.DEFAULT_SRAM_BYTES / 1024 + ")"));
    }

    /**
     * The options from flag values by name (a flag without a value maps to "").
     *
     * @throws IllegalArgumentException naming the flag whose value is wrong
     */
    public static HwOptions parse(final Map<String, String> values) {
        int pe = (int) whole(values, "pe", 1);
        int simd = (int) whole(values, "simd", 1);
        Optional<Path> fold = Optional.ofNullable(values.get("fold")).map(Path::of);
        boolean auto = values.containsKey("auto-fold");
        long lanes = whole(values, "lanes", Folder.DEFAULT_LANES);
        double rate = positive(values, "target-rate", 0);
        Precision precision;
        try {
            precision = values.containsKey("precision") ? Precision.parse(values.get("precision")) : Precision.FLOAT32;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precision: " + e.getMessage());
        }
        double clock = positive(values, "clock", DEFAULT_CLOCK_MHZ);
        long sram = whole(values, "sram-kib", MemoryLevel.DEFAULT_SRAM_BYTES / 1024) * 1024;
        if (auto && (values.containsKey("pe") || values.containsKey("simd"))) {
            throw new IllegalArgumentException("--auto-fold chooses PE and SIMD itself: drop --pe and --simd");
        }
        return new HwOptions(new Folding(pe, simd), fold, auto, lanes, rate, precision, clock, sram);
    }

    /** Folds {@code g} as these options say: uniform, then the file, or automatically (then the file). */
    public void fold(final HwGraph g) {
        if (auto) {
            double target = targetRate > 0 ? clockMhz * 1e6 / targetRate : 0;
            Folder.auto(g, lanes, target);
        } else {
            Folder.uniform(g, folding);
        }
        foldFile.map(FoldConfig::read).ifPresent(c -> c.apply(g));
    }

    private static long whole(final Map<String, String> values, final String name, final long otherwise) {
        String v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--" + name + " " + v + ": expected a whole number at least 1");
    }

    private static double positive(final Map<String, String> values, final String name, final double otherwise) {
        String v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            double x = Double.parseDouble(v.trim());
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--" + name + " " + v + ": expected a positive number");
    }
}
