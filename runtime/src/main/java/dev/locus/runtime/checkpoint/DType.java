package dev.locus.runtime.checkpoint;

import java.util.Optional;

/**
 * The element types a Locus checkpoint holds, by their safetensors names. The JVM backend
 * computes in float and writes F32; the interpreter, the double-precision reference, writes F64,
 * so that a run it resumes continues bit for bit. Step counters are F32 pairs (see docs/CHECKPOINTS.md).
 */
public enum DType {
    F32(4),
    F64(8);

    private final int bytes;

    DType(final int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The type of a safetensors dtype name, if Locus reads it. */
    public static Optional<DType> named(final String name) {
        for (final DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
