/**
 * Checkpoint files: a network's parameters and training state as safetensors, with where they
 * came from and a SHA-256 checksum, written atomically, and refused with a clear message when
 * damaged or made for another network (docs/CHECKPOINTS.md).
 */
package dev.locus.runtime.checkpoint;
