package dev.locus.runtime.train;

import java.util.OptionalInt;

/** Which layers take updates in which epoch (LANGUAGE.md section 5, {@code schedule}). */
public sealed interface Schedule {

    /** How many epochs the whole run has for a model of {@code layers} layers. */
    int totalEpochs(int layers);

    /** Whether layer {@code layer} trains in epoch {@code epoch} (1-based). */
    boolean trains(int layer, int epoch);

    /** The layer (0-based) that trains alone in epoch {@code epoch}; empty when all train together. */
    OptionalInt phase(int epoch);

    /** Every layer takes its update on every minibatch, for {@code epochs} epochs. */
    record Simultaneous(int epochs) implements Schedule {
        public Simultaneous {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
        }

        @Override
        public int totalEpochs(final int layers) {
            return epochs;
        }

        @Override
        public boolean trains(final int layer, final int epoch) {
            return true;
        }

        @Override
        public OptionalInt phase(final int epoch) {
            return OptionalInt.empty();
        }
    }

    /**
     * Layer 1 trains for {@code epochsPerLayer} epochs, then is frozen; then layer 2; and so on,
     * the output layer last.
     */
    record Layerwise(int epochsPerLayer) implements Schedule {
        public Layerwise {
            if (epochsPerLayer < 1) {
                throw new IllegalArgumentException("layerwise(epochs:) must be at least 1, got " + epochsPerLayer);
            }
        }

        @Override
        public int totalEpochs(final int layers) {
            return Math.multiplyExact(layers, epochsPerLayer);
        }

        @Override
        public boolean trains(final int layer, final int epoch) {
            return phase(epoch).getAsInt() == layer;
        }

        @Override
        public OptionalInt phase(final int epoch) {
            return OptionalInt.of((epoch - 1) / epochsPerLayer);
        }
    }
}
