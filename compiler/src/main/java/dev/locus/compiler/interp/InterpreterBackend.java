package dev.locus.compiler.interp;

import dev.locus.compiler.backend.Backend;
import dev.locus.compiler.backend.MemoryEstimate;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.runtime.train.TrainableModel;

/** The reference interpreter as a backend: double precision, op by op. */
public final class InterpreterBackend implements Backend {
    @Override
    public String name() {
        return "interp";
    }

    @Override
    public String description() {
        return "the reference interpreter (double precision, op by op)";
    }

    @Override
    public TrainableModel model(final IrGraph graph) {
        return new InterpretedModel(graph);
    }

    /**
     * Every value a double; a parameter also has the two float copies {@link InterpretedModel}
     * keeps of it (the one handed out, and the one last written).
     */
    @Override
    public MemoryEstimate memory(final IrGraph graph, final int batch) {
        return MemoryEstimate.of(graph, batch, new MemoryEstimate.Storage(Double.BYTES, Double.BYTES + 2 * Float.BYTES));
    }
}
