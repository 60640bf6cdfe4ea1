package dev.locus.compiler.jvm;

/** A field of a generated class: its name and descriptor ({@code [F} for a tensor). */
public record FieldRef(String owner, String name, String descriptor) {
}
