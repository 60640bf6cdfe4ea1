/**
 * The JVM backend's plumbing: classes built with ASM that extend the runtime's
 * {@link dev.locus.runtime.model.CompiledNetwork} ({@link dev.locus.compiler.jvm.NetworkClassBuilder},
 * {@link dev.locus.compiler.jvm.MethodEmitter}), defined as hidden classes or, for debugging, by a
 * plain class loader ({@link dev.locus.compiler.jvm.ModelClassDefiner}), dumped with a listing
 * ({@link dev.locus.compiler.jvm.ClassDump}), verified ({@link dev.locus.compiler.jvm.BytecodeVerifier}),
 * and held to calling the runtime alone ({@link dev.locus.compiler.jvm.RuntimeOnlyPolicy}).
 * docs/JVM-BACKEND.md describes the layout of a generated class.
 */
package dev.locus.compiler.jvm;
