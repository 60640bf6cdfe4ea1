package dev.locus.runtime.checkpoint;

import java.util.Objects;

/**
 * Where a checkpoint comes from, written into its metadata.
 *
 * @param network the network's name in the program, checked when the checkpoint is restored
 * @param rule the learning rule it was trained under ({@code local_error}, {@code backprop}...)
 * @param programSha256 the SHA-256, in hex, of the program's checked source texts
 * @param locusVersion the version of Locus that wrote it
 * @param backend the backend that trained it ({@code interp}, {@code jvm})
 * @param inputMean the mean its training images were standardized by: an input value is
 *                  {@code (pixel / 255 - inputMean) / inputStd}, computed in float
 * @param inputStd the standard deviation they were standardized by
 */
public record Provenance(String network, String rule, String programSha256, String locusVersion, String backend,
                         float inputMean, float inputStd) {

    public Provenance {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(programSha256, "programSha256");
        Objects.requireNonNull(locusVersion, "locusVersion");
        Objects.requireNonNull(backend, "backend");
        if (!(Float.isFinite(inputMean) && Float.isFinite(inputStd) && inputStd > 0f)) {
            throw new IllegalArgumentException("inputs are standardized by a finite mean and a positive deviation, "
                + "got " + inputMean + " and " + inputStd);
        }
    }
}
