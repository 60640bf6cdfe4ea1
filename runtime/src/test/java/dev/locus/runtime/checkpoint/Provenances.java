package dev.locus.runtime.checkpoint;

/** Provenance for checkpoints written by tests, which have no program. */
public final class Provenances {
    private Provenances() {
    }

    /** A checkpoint of {@code network} from a test: rule {@code test}, a program hash of zeros, inputs as they are. */
    public static Provenance of(final String network) {
        return new Provenance(network, "test", "0".repeat(64), "test", "test", 0f, 1f);
    }
}
