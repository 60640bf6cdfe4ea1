package dev.locus.compiler.jvm;

/**
 * An int argument computed when the method runs: {@code count * factor}, the number of floats of a
 * batched tensor whose samples hold {@code factor} floats when the batch has {@code count} samples.
 */
public record Scaled(Local count, int factor) {
}
