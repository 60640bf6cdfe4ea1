package dev.locus.compiler.ir;

/**
 * What the elements of a tensor are on a compiled backend: labels and step counters are 32-bit
 * integers, everything else 32-bit floats. The interpreter computes in double whatever this says;
 * it is the reference the float backends are measured against.
 */
public enum ElementType {
    FLOAT32,
    INT32
}
