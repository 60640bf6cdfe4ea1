package dev.locus.testkit;

/** The check of each property. */
final class Checks {
    private Checks() {
    }

    static Check of(final Property p) {
        return switch (p) {
            case GRADIENT -> new GradientCheck();
            case LOCALITY_STATIC -> new LocalityStaticCheck();
            case LOCALITY_NUMERIC -> new LocalityNumericCheck();
            case FIXED_TENSORS -> new FixedTensorCheck();
            case DESCENT -> new DescentCheck();
            case DETERMINISM -> new DeterminismCheck();
            case BACKENDS_AGREE -> new BackendAgreementCheck();
            case LEARNS -> new LearningCheck();
        };
    }
}
