package dev.locus.hw.sim;

import dev.locus.hw.graph.Precision;
import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Energy per event, in picojoules: the simulator's counts times these give the energy. Memory and
 * stream costs are per 32-bit word moved (a 16-bit fixed-point element costs half a word).
 *
 * <p>{@code horowitz45}: M. Horowitz, "Computing's energy problem (and what we can do about it)",
 * ISSCC 2014, 45 nm at 0.9 V, as tabulated by Han et al. (ISCA 2016, EIE, table I): 32-bit float
 * add 0.9 pJ and multiply 3.7 pJ (a MAC 4.6 pJ); 32-bit integer add 0.1 pJ and multiply 3.1 pJ;
 * 8-bit integer add 0.03 pJ and multiply 0.2 pJ; a 32-bit register-file access 1 pJ; an 8 KB SRAM
 * access 10 pJ (Horowitz's 64-bit figure, charged per 32-bit word: conservative); a 32-bit DRAM
 * access 640 pJ. A stream FIFO word is charged as a register access, a generator draw as four
 * 32-bit integer adds (0.4 pJ: a xorshift-multiply step; our estimate, not Horowitz's).
 *
 * <p>{@code eyeriss}: Chen, Emer and Sze, "Eyeriss: a spatial architecture for energy-efficient
 * dataflow for convolutional neural networks", ISCA 2016, the normalized energy of a data access
 * relative to a MAC: register file 1x, inter-PE (our stream FIFOs) 2x, global buffer (our SRAM)
 * 6x, DRAM 200x; an element operation and a draw 1x. Scaled to picojoules by horowitz45's float32
 * MAC (4.6 pJ), so that both presets speak the same unit.
 */
public record CostTable(String name, Map<String, Double> picojoules) {
    /** The keys a cost file may set, with what each is. */
    public static final Map<String, String> KEYS = keys();

    public CostTable {
        picojoules = Map.copyOf(picojoules);
    }

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("mac_float32", "one float32 multiply-accumulate");
        k.put("mac_fixed8", "one fixed-point multiply-accumulate of at most 8 bits");
        k.put("mac_fixed32", "one fixed-point multiply-accumulate of 9 to 32 bits");
        k.put("op_float32", "one float32 element operation (add, compare, activation)");
        k.put("op_fixed8", "one fixed-point element operation of at most 8 bits");
        k.put("op_fixed32", "one fixed-point element operation of 9 to 32 bits");
        k.put("draw", "one 32-bit draw of a generator");
        k.put("register", "one register-file access of 32 bits (an accumulator's read or write)");
        k.put("stream", "one 32-bit word through a stream FIFO");
        k.put("sram", "one 32-bit word read or written in on-chip SRAM");
        k.put("dram", "one 32-bit word read or written in off-chip DRAM");
        return java.util.Collections.unmodifiableMap(k);
    }

    public static CostTable horowitz45() {
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("mac_float32", 0.9 + 3.7);
        c.put("mac_fixed8", 0.03 + 0.2);
        c.put("mac_fixed32", 0.1 + 3.1);
        c.put("op_float32", 0.9);
        c.put("op_fixed8", 0.03);
        c.put("op_fixed32", 0.1);
        c.put("draw", 0.4);
        c.put("register", 1.0);
        c.put("stream", 1.0);
        c.put("sram", 10.0);
        c.put("dram", 640.0);
        return new CostTable("horowitz45", c);
    }

    public static CostTable eyeriss() {
        double mac = 0.9 + 3.7;
        Map<String, Double> c = new LinkedHashMap<>();
        for (String k : List.of("mac_float32", "mac_fixed8", "mac_fixed32", "op_float32", "op_fixed8", "op_fixed32",
                "draw", "register")) {
            c.put(k, mac);
        }
        c.put("stream", 2 * mac);
        c.put("sram", 6 * mac);
        c.put("dram", 200 * mac);
        return new CostTable("eyeriss", c);
    }

    /** A preset by name, or a cost file: `key = picojoules` lines; keys it leaves out keep horowitz45's. */
    public static CostTable named(final String nameOrFile) {
        return switch (nameOrFile) {
            case "horowitz45" -> horowitz45();
            case "eyeriss" -> eyeriss();
            default -> {
                Path file = Path.of(nameOrFile);
                if (!Files.isRegularFile(file)) {
                    throw new LocusException("--costs " + nameOrFile + ": neither a preset (horowitz45, eyeriss) nor "
                            + "a file");
                }
                yield read(file);
            }
        };
    }

    static CostTable read(final Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read the cost file: " + e.getMessage(), e);
        }
        Map<String, Double> c = new LinkedHashMap<>(horowitz45().picojoules());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] kv = line.split("=", 2);
            if (kv.length != 2) {
                throw new LocusException(where + "expected `key = picojoules`, got `" + line + "`");
            }
            String key = kv[0].trim();
            if (!KEYS.containsKey(key)) {
                throw new LocusException(where + "unknown cost `" + key + "`; the costs are " + String.join(", ",
                        KEYS.keySet()));
            }
            double pj;
            try {
                pj = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new LocusException(where + key + ": expected picojoules (a number), got `" + kv[1].trim() + "`");
            }
            if (!(pj >= 0) || Double.isInfinite(pj)) {
                throw new LocusException(where + key + ": expected a finite number of picojoules at least 0, got "
                        + kv[1].trim());
            }
            c.put(key, pj);
        }
        return new CostTable(file.getFileName().toString(), c);
    }

    public double get(final String key) {
        Double v = picojoules.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no cost " + key);
        }
        return v;
    }

    /** A MAC at {@code p}. */
    public double mac(final Precision p) {
        return get(p.isFloat() ? "mac_float32" : p.bits() <= 8 ? "mac_fixed8" : "mac_fixed32");
    }

    /** An element operation at {@code p}. */
    public double op(final Precision p) {
        return get(p.isFloat() ? "op_float32" : p.bits() <= 8 ? "op_fixed8" : "op_fixed32");
    }

    @Override
    public String toString() {
        return name + " " + picojoules.entrySet().stream().map(e -> e.getKey() + "=" + String.format(Locale.ROOT,
                "%g", e.getValue())).toList();
    }
}
