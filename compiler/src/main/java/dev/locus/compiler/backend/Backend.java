package dev.locus.compiler.backend;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.runtime.train.TrainableModel;

/**
 * A way to run a network: given a verified IR graph, a model the training driver can train.
 * Backends are found by {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/dev.locus.compiler.backend.Backend}); {@link Backends} lists them. A
 * backend reads only the IR and the runtime, never the checker, the AST or the lowering.
 */
public interface Backend {

    /** The name `--backend` takes. */
    String name();

    /** One line for `locus train --help`. */
    String description();

    /** A model of {@code graph}, starting from the parameters its seed draws. */
    TrainableModel model(IrGraph graph);

    /** What training {@code graph} in minibatches of {@code batch} needs of the heap on this backend. */
    MemoryEstimate memory(IrGraph graph, int batch);

    /**
     * A model of {@code graph}; a backend that generates classes also writes them, with a listing,
     * to {@code dumpDir} when one is given (`locus train --dump-classes DIR`). One that generates
     * nothing has nothing to write and ignores it.
     */
    default TrainableModel model(final IrGraph graph, final java.util.Optional<java.nio.file.Path> dumpDir) {
        return model(graph);
    }
}
