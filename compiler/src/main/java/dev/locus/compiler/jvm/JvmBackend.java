package dev.locus.compiler.jvm;

import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.MemoryEstimate;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.runtime.model.CompiledNetwork;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The JVM backend: each network compiled by {@link NetworkCompiler} into a class of its own that
 * calls the runtime's float kernels, defined as a hidden class (or, with a dump folder, written
 * there and defined as a plain class, see {@link ModelClassDefiner#load(GeneratedClass, Optional)}).
 */
public final class JvmBackend implements Backend {
    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public String description() {
        return "each network compiled to a JVM class calling float32 kernels";
    }

    @Override
    public CompiledNetwork model(final IrGraph graph) {
        return model(graph, Optional.empty());
    }

    /** The model of {@code graph}, its class also written to {@code dumpDir} when one is given. */
    @Override
    public CompiledNetwork model(final IrGraph graph, final Optional<Path> dumpDir) {
        CompiledNetwork network = ModelClassDefiner.load(NetworkCompiler.compile(graph), dumpDir);
        network.initialize(graph.training().seed());
        return network;
    }

    /**
     * Every value and parameter a float, each buffer allocated once: the computed values and fixed
     * tensors in the buffers of the class's {@link BufferPlan} (for the train block's own batch,
     * the one the class is compiled for), which take turns in them.
     */
    @Override
    public MemoryEstimate memory(final IrGraph graph, final int batch) {
        MemoryEstimate.Storage floats = new MemoryEstimate.Storage(Float.BYTES, Float.BYTES);
        MemoryEstimate shapes = MemoryEstimate.of(graph, batch, floats);
        if (!shapes.fitsInArrays() || batch != graph.training().batch()) {
            return shapes;
        }
        return MemoryEstimate.of(graph, batch, floats, NetworkCompiler.stepBufferBytes(graph));
    }
}
