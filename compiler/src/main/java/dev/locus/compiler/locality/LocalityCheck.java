package dev.locus.compiler.locality;

import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrOp;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ValueRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locality proof, on the IR (so a pass that breaks it is caught, whatever the source said):
 * an update block may read its layer's input and forward values, its parameters, its fixed
 * tensors, the labels, and values of its own update block. Anything computed by a block of a
 * later layer is a cross-layer backward edge.
 */
public final class LocalityCheck {
    private LocalityCheck() {
    }

    public static LocalityReport analyze(final IrGraph graph) {
        Map<String, Set<String>> reads = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (IrBlock b : graph.blocks()) {
            if (b.kind() != IrBlock.Kind.UPDATE) {
                continue;
            }
            Set<String> what = reads.computeIfAbsent(b.layer(), k -> new LinkedHashSet<>());
            for (IrOp op : b.ops()) {
                for (IrValue v : op.inputs()) {
                    IrBlock source = v.definition() == null ? null : v.definition().block();
                    if (source != null && source.layerIndex() > b.layerIndex()) {
                        edges.add(new Edge(b, v, source, op));
                        what.add("the error from " + source.name() + " (" + v.name() + ")");
                    } else {
                        what.add(describe(b, v, source));
                    }
                }
            }
        }
        return new LocalityReport(reads, edges);
    }

    private static String describe(final IrBlock reader, final IrValue v, final IrBlock source) {
        if (v.role() == ValueRole.LABELS) {
            return "the labels";
        }
        if (v.role() == ValueRole.INPUT) {
            return "its input (the images)";
        }
        if (v.role() == ValueRole.PARAMETER) {
            return "its parameters";
        }
        if (source.kind() == IrBlock.Kind.INIT) {
            return "its fixed tensors";
        }
        if (source.layerIndex() < reader.layerIndex()) {
            return "its input (the output of " + source.layer() + ")";
        }
        return source.kind() == IrBlock.Kind.FORWARD ? "its forward values (layer.out)" : "its own update values";
    }
}
