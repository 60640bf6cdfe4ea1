package dev.locus.compiler.backend;

import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.ValueRole;

/**
 * The heap a backend needs to train a graph, from the IR's tensor shapes alone, so that a model
 * too large for the heap is refused before anything is allocated. Each backend says how many
 * bytes it keeps per value and per parameter ({@link Storage}). Java's object headers and the
 * temporaries of single ops are not counted: it is an estimate from below.
 *
 * @param parameters the parameters, with whatever copies of them the backend keeps
 * @param optimizerState the optimizer's state as the IR holds it: a velocity (SGD with momentum),
 *                       or two moments and a step count (Adam), per updated parameter
 * @param stepValues every value one training step computes and keeps until the next (activations,
 *                   errors, gradients, fixed tensors, and the other state: running statistics and
 *                   the step counter) for a full batch, and the batch's images twice (widened to
 *                   doubles, then copied into the step); a backend that plans its buffers counts its
 *                   computed values and fixed tensors as its plan's bytes
 * @param largest the value with the most elements, which must fit in one Java array
 * @param largestValues its number of elements
 */
public record MemoryEstimate(long parameters, long optimizerState, long stepValues, String largest,
                             long largestValues) {

    /** The most elements a Java array can hold on common JVMs. */
    public static final long MOST_ARRAY_VALUES = Integer.MAX_VALUE - 8;

    /**
     * How a backend stores values: {@code valueBytes} per element of a value (activations, errors,
     * optimizer state...), {@code parameterBytes} per element of a parameter (with its copies).
     */
    public record Storage(long valueBytes, long parameterBytes) {
    }

    /** The estimate for training {@code graph} with minibatches of {@code batch}, stored as {@code storage} says. */
    public static MemoryEstimate of(final IrGraph graph, final int batch, final Storage storage) {
        return of(graph, batch, storage, -1);
    }

    /**
     * The estimate, the computed values and fixed tensors counted as the {@code plannedBytes} a
     * backend's buffer plan gives them (buffers that values take turns in) instead of one buffer
     * each; a negative {@code plannedBytes} counts one each.
     */
    public static MemoryEstimate of(final IrGraph graph, final int batch, final Storage storage,
                                    final long plannedBytes) {
        long parameterValues = 0;
        long optimizerValues = 0;
        long stepValues = 0;
        String largest = "";
        long largestValues = -1;
        for (final IrValue v : graph.values()) {
            final long values = saturatingProduct(v.type().batched() ? batch : 1, v.type().shape().size());
            if (values > largestValues) {
                largest = v.name();
                largestValues = values;
            }
            final boolean optimizerState = v.role() == ValueRole.STATE && v.stateOf() != null;
            final long copiesInAStep = switch (v.role()) {
                case PARAMETER -> 0;
                case INPUT -> 2;
                case LABELS -> 1;
                case FIXED, COMPUTED -> plannedBytes < 0 ? 1 : 0;
                case STATE -> optimizerState ? 0 : 1;
            };
            if (v.role() == ValueRole.PARAMETER) {
                parameterValues = saturatingSum(parameterValues, values);
            } else if (optimizerState) {
                optimizerValues = saturatingSum(optimizerValues, values);
            }
            stepValues = saturatingSum(stepValues, saturatingProduct(copiesInAStep, values));
        }
        return new MemoryEstimate(saturatingProduct(parameterValues, storage.parameterBytes()),
            saturatingProduct(optimizerValues, storage.valueBytes()),
            saturatingSum(saturatingProduct(stepValues, storage.valueBytes()), Math.max(plannedBytes, 0)), largest,
            largestValues);
    }

    /** All of it, in bytes. */
    public long total() {
        return saturatingSum(saturatingSum(parameters, optimizerState), stepValues);
    }

    /** Whether every value fits in one Java array. */
    public boolean fitsInArrays() {
        return largestValues <= MOST_ARRAY_VALUES;
    }

    // Shapes are checked to be positive, but their product over a large network and batch may pass 2^63.
    private static long saturatingProduct(final long a, final long b) {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private static long saturatingSum(final long a, final long b) {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
