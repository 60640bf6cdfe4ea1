package dev.locus.compiler.check;

import dev.locus.compiler.source.SourceFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a program's text, which checkpoints record (docs/CHECKPOINTS.md): the SHA-256,
 * in lower-case hex, of each source file read (the main file, then its imports in the order they
 * were first reached), each as its UTF-8 byte count in 8 bytes big-endian followed by those bytes.
 * Names and folders do not count: a program copied elsewhere is the same program.
 */
public final class ProgramHash {
    private ProgramHash() {
    }

    public static String of(final List<SourceFile> sources) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        for (SourceFile source : sources) {
            byte[] text = source.text().getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(8).putLong(text.length).array());
            sha.update(text);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
