package dev.locus.compiler.jvm;

import org.objectweb.asm.Type;

/** A local variable slot of an emitted method: an argument or a temporary. */
public record Local(String name, Type type, int slot) {
}
