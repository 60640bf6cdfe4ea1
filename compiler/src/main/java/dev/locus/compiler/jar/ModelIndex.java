package dev.locus.compiler.jar;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.target.TargetInput;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The properties file written beside each class of a model jar ({@code com/example/Net.properties},
 * so that {@code Net.class.getResourceAsStream("Net.properties")} finds it): what a Java program may
 * want to know of the model without constructing it, and where it came from. Keys in a fixed
 * order, no date, so that the same program gives the same bytes.
 */
final class ModelIndex {
    private ModelIndex() {
    }

    /** The keys and values, in the order written. */
    static Map<String, String> of(final TargetInput.Network network, final String className,
                                  final TargetInput.Origin origin) {
        final IrGraph graph = network.graph();
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put("network", graph.network().name());
        keys.put("class", className);
        keys.put("input_shape", Arrays.stream(graph.network().input().dims()).mapToObj(Integer::toString)
            .collect(Collectors.joining(",")));
        keys.put("sample_size", Integer.toString(graph.images().type().shape().intSize()));
        keys.put("classes", Integer.toString(graph.prediction().type().shape().intSize()));
        keys.put("batch_capacity", Integer.toString(graph.training().batch()));
        keys.put("layers", String.join(",", graph.network().layerNames()));
        keys.put("rule", network.rule());
        keys.put("epochs", Integer.toString(network.epochs()));
        keys.put("seed", Long.toString(graph.training().seed()));
        keys.put("locus_version", origin.locusVersion());
        keys.put("source", origin.source());
        keys.put("source_sha256", origin.sourceSha256());
        return keys;
    }

    /** The text of a {@code .properties} file holding {@code keys} (ISO 8859-1, other characters escaped). */
    static String text(final Map<String, String> keys) {
        final StringBuilder out = new StringBuilder("# A network compiled by Locus (see docs/JVM-BACKEND.md)\n");
        keys.forEach((k, v) -> out.append(k).append('=').append(escape(v)).append('\n'));
        return out.toString();
    }

    private static String escape(final String value) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == ' ' && i == 0) {
                        out.append("\\ ");
                    } else if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
