package dev.locus.compiler.jvm;

/**
 * The bytes of one generated class.
 *
 * @param internalName its name in internal form ({@code dev/locus/runtime/model/generated/Tiny})
 * @param bytes the class file
 */
public record GeneratedClass(String internalName, byte[] bytes) {

    public GeneratedClass {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The name without its package: the stem of its dump files. */
    public String simpleName() {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    /** The binary name ({@code dev.locus.runtime.model.generated.Tiny}) a class loader defines it under. */
    public String binaryName() {
        return internalName.replace('/', '.');
    }
}
