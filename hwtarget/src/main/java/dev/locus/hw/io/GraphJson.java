package dev.locus.hw.io;

import dev.locus.compiler.ir.IrOp;
import dev.locus.hw.graph.HwEdge;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.HwNode;
import dev.locus.hw.graph.MatrixShape;
import dev.locus.hw.graph.MemoryLevel;
import dev.locus.runtime.JsonText;
import java.util.Locale;

/**
 * graph.json: the dataflow graph in a versioned schema ({@value #SCHEMA} version {@value #VERSION};
 * docs/HARDWARE.md documents every field). A reader checks {@code schema} and {@code version}
 * first; a later version may add fields, and changes the version when it changes or removes one.
 */
public final class GraphJson {
    public static final String SCHEMA = "locus.hw.graph";
    public static final int VERSION = 1;

    private GraphJson() {
    }

    /** What graph.json says of where the graph came from. */
    public record Header(String source, String sourceSha256, String locusVersion, double clockMhz, long sramBytes) {
    }

    public static String write(final HwGraph g, final Header h) {
        StringBuilder out = new StringBuilder();
        out.append("{\n");
        field(out, "schema", SCHEMA).append(",\n");
        out.append("  \"version\": ").append(VERSION).append(",\n");
        field(out, "network", g.network()).append(",\n");
        field(out, "rule", g.rule()).append(",\n");
        field(out, "source", h.source()).append(",\n");
        field(out, "source_sha256", h.sourceSha256()).append(",\n");
        field(out, "locus_version", h.locusVersion()).append(",\n");
        out.append("  \"seed\": ").append(g.ir().training().seed()).append(",\n");
        out.append("  \"batch\": ").append(g.batch()).append(",\n");
        out.append("  \"classes\": ").append(g.ir().network().classes()).append(",\n");
        out.append("  \"clock_mhz\": ").append(number(h.clockMhz())).append(",\n");
        out.append("  \"sram_threshold_bytes\": ").append(h.sramBytes()).append(",\n");
        out.append("  \"cross_layer_backward_bytes_per_sample\": ")
                .append(number(g.crossLayerBackwardBytesPerSample())).append(",\n");
        out.append("  \"nodes\": [\n");
        for (int i = 0; i < g.nodes().size(); i++) {
            node(out, g, g.nodes().get(i), h.sramBytes());
            out.append(i + 1 < g.nodes().size() ? ",\n" : "\n");
        }
        out.append("  ],\n  \"edges\": [\n");
        for (int i = 0; i < g.edges().size(); i++) {
            edge(out, g.edges().get(i));
            out.append(i + 1 < g.edges().size() ? ",\n" : "\n");
        }
        return out.append("  ]\n}\n").toString();
    }

    private static void node(final StringBuilder out, final HwGraph g, final HwNode n, final long sram) {
        out.append("    {\"id\": ").append(n.id());
        out.append(", \"name\": ").append(JsonText.quote(n.name()));
        out.append(", \"layer\": ").append(n.layer());
        out.append(", \"layer_name\": ").append(JsonText.quote(n.layerName()));
        out.append(", \"kind\": ").append(JsonText.quote(n.kind().jsonName()));
        out.append(", \"element_type\": ").append(JsonText.quote(n.precision().toString()));
        out.append(", \"pe\": ").append(n.folding().pe());
        out.append(", \"simd\": ").append(n.folding().simd());
        out.append(", \"matrices\": [");
        for (int i = 0; i < n.matrices().size(); i++) {
            MatrixShape m = n.matrices().get(i);
            out.append(i == 0 ? "" : ", ").append("{\"mh\": ").append(m.mh()).append(", \"mw\": ").append(m.mw())
                    .append(", \"vectors\": ").append(m.vectors()).append('}');
        }
        out.append("]");
        out.append(", \"macs_per_sample\": ").append(n.macsPerSample());
        out.append(", \"elements_per_sample\": ").append(n.elementsPerSample());
        out.append(", \"draws_per_sample\": ").append(n.drawsPerSample());
        out.append(", \"cycles_per_sample\": ").append(number(n.cyclesPerSample(g.batch())));
        if (n.kind().memory()) {
            out.append(", \"memory_bytes\": ").append(n.memoryBytes());
            out.append(", \"memory_level\": ").append(JsonText.quote(MemoryLevel.of(n.memoryBytes(), sram).jsonName()));
            out.append(", \"holds\": [");
            for (int i = 0; i < n.held().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(JsonText.quote(n.held().get(i).name()));
            }
            out.append("]");
        }
        out.append(", \"ops\": [");
        for (int i = 0; i < n.ops().size(); i++) {
            IrOp op = n.ops().get(i);
            out.append(i == 0 ? "" : ", ").append("{\"op\": ").append(JsonText.quote(op.kind().name()
                    .toLowerCase(Locale.ROOT)));
            if (op.output() != null) {
                out.append(", \"value\": ").append(JsonText.quote(op.output().name()));
            }
            out.append(", \"at\": ").append(JsonText.quote(String.valueOf(op.origin()))).append('}');
        }
        out.append("]}");
    }

    private static void edge(final StringBuilder out, final HwEdge e) {
        out.append("    {\"from\": ").append(e.from().id());
        out.append(", \"to\": ").append(e.to().id());
        out.append(", \"from_name\": ").append(JsonText.quote(e.from().name()));
        out.append(", \"to_name\": ").append(JsonText.quote(e.to().name()));
        out.append(", \"kind\": ").append(JsonText.quote(e.kind().jsonName()));
        out.append(", \"value\": ").append(JsonText.quote(e.value().name()));
        out.append(", \"width\": ").append(e.width());
        out.append(", \"depth\": ").append(e.depth());
        out.append(", \"element_bytes\": ").append(e.elementBytes());
        out.append(", \"bytes\": ").append(number(e.bytesPerSample()));
        out.append(", \"cross_layer_backward\": ").append(e.crossLayerBackward()).append('}');
    }

    private static StringBuilder field(final StringBuilder out, final String name, final String value) {
        return out.append("  ").append(JsonText.quote(name)).append(": ").append(JsonText.quote(value));
    }

    /** A number as JSON writes it: integral values without a fraction. */
    public static String number(final double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        if (!Double.isFinite(x)) {
            return "null";
        }
        return java.math.BigDecimal.valueOf(x).round(new java.math.MathContext(12)).stripTrailingZeros()
                .toPlainString();
    }
}
