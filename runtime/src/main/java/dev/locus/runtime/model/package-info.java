/**
 * What a compiled network is to a Java program: the {@link dev.locus.runtime.model.CompiledModel}
 * interface, and {@link dev.locus.runtime.model.CompiledNetwork}, the base class that every
 * generated class extends, which holds in plain Java everything that is not the network's own
 * arithmetic (named tensors, modes, argument checks, reporting, checkpoints). docs/JVM-BACKEND.md
 * describes how a generated class is laid out.
 */
package dev.locus.runtime.model;
