package dev.locus.hw.sim;

import dev.locus.compiler.backend.Backends;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.runtime.checkpoint.CheckpointTensor;
import dev.locus.runtime.checkpoint.NamedTensor;
import dev.locus.runtime.train.TrainableModel;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JVM backend's model of a graph, and what the tests read of it. */
final class JvmReference {
    private JvmReference() {
    }

    static TrainableModel model(final IrGraph graph) {
        return Backends.find("jvm").orElseThrow().model(graph);
    }

    static Map<String, float[]> parameters(final TrainableModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (CheckpointTensor t : model.parameters()) {
            out.put(t.name(), ((NamedTensor) t).values());
        }
        return out;
    }

    /** The buffer the generated class keeps fixed tensor {@code v} in (its field v{id}${name}, see BufferPlan). */
    static float[] fixedTensor(final TrainableModel model, final IrValue v) throws ReflectiveOperationException {
        StringBuilder name = new StringBuilder("v").append(v.id()).append('$');
        for (char c : v.name().toCharArray()) {
            name.append(Character.isJavaIdentifierPart(c) ? c : '$');
        }
        Field f = model.getClass().getDeclaredField(name.toString());
        f.setAccessible(true);
        return (float[]) f.get(model);
    }
}
