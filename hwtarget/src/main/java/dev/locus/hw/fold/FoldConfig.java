package dev.locus.hw.fold;

import dev.locus.hw.graph.Folding;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.Precision;
import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A per-layer fold file: one line per layer or node, the last word for it winning.
 * <pre>
 * # comment
 * default              pe=2 simd=4        every compute node
 * fc1                  pe=16 simd=32      every compute node of layer fc1
 * fc1.gradient.weight  pe=8 simd=8        one node, by its name in graph.json
 * fc2                  precision=q8.8     the element type of the layer's nodes
 * </pre>
 * A target that names no layer or node of the graph is an error at its line.
 */
public final class FoldConfig {
    /** One line: whom it is for, and what it sets (null where it sets nothing). */
    public record Entry(String target, Integer pe, Integer simd, Precision precision, int line) {
    }

    private final Path file;
    private final List<Entry> entries;

    private FoldConfig(final Path file, final List<Entry> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The file parsed; a line that says something else is an error naming the file and line. */
    public static FoldConfig read(final Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read the fold file: " + e.getMessage(), e);
        }
        return parse(file, lines);
    }

    static FoldConfig parse(final Path file, final List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).replaceFirst("#.*", "").trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] words = text.split("\\s+");
            Integer pe = null;
            Integer simd = null;
            Precision precision = null;
            for (int w = 1; w < words.length; w++) {
                String[] kv = words[w].split("=", 2);
                String where = file + ":" + (i + 1) + ": ";
                if (kv.length != 2) {
                    throw new LocusException(where + "expected key=value, got `" + words[w] + "` (keys: pe, simd, "
                            + "precision)");
                }
                try {
                    switch (kv[0]) {
                        case "pe" -> pe = positive(kv[1]);
                        case "simd" -> simd = positive(kv[1]);
                        case "precision" -> precision = Precision.parse(kv[1]);
                        default -> throw new IllegalArgumentException("unknown key `" + kv[0] + "` (keys: pe, simd, "
                                + "precision)");
                    }
                } catch (IllegalArgumentException e) {
                    throw new LocusException(where + e.getMessage());
                }
            }
            if (words.length == 1) {
                throw new LocusException(file + ":" + (i + 1) + ": `" + words[0] + "` sets nothing: add pe=N, simd=N "
                        + "or precision=qM.N");
            }
            entries.add(new Entry(words[0], pe, simd, precision, i + 1));
        }
        return new FoldConfig(file, entries);
    }

    private static int positive(final String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("expected a whole number at least 1, got `" + s + "`");
    }

    /** Applies the entries to {@code g} in file order: `default` to every compute node, a layer's to its nodes. */
    public void apply(final HwGraph g) {
        List<String> layers = g.ir().network().layerNames();
        for (Entry e : entries) {
            List<HwNode> nodes;
            if (e.target().equals("default")) {
                nodes = Folder.computeNodes(g);
            } else if (layers.contains(e.target())) {
                nodes = Folder.computeNodes(g).stream().filter(n -> n.layerName().equals(e.target())).toList();
            } else {
                nodes = g.nodes().stream().filter(n -> n.name().equals(e.target())).toList();
                if (nodes.isEmpty()) {
                    throw new LocusException(file + ":" + e.line() + ": `" + e.target() + "` is neither a layer ("
                            + String.join(", ", layers) + ") nor a node of the graph (see graph.json)");
                }
            }
            for (HwNode n : nodes) {
                Folding f = n.folding();
                Folder.set(n, new Folding(e.pe() == null ? f.pe() : e.pe(), e.simd() == null ? f.simd() : e.simd()));
                if (e.precision() != null) {
                    n.setPrecision(e.precision());
                }
            }
            if (e.precision() != null && layers.contains(e.target())) {
                g.nodes().stream().filter(n -> n.layerName().equals(e.target()) && n.kind().memory())
                        .forEach(n -> n.setPrecision(e.precision()));
            }
        }
        Folder.matchWindows(g);
    }
}
