/**
 * The seeded, splittable generator behind everything random in Locus (fixed tensors, initial
 * weights, dropout masks, data order) and the weight initializers over it. docs/RANDOM.md is its
 * specification, with test vectors for other implementations (the hardware target).
 */
package dev.locus.runtime.random;
