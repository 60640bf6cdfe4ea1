package dev.locus.compiler.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A file's bytes to its text. Files are UTF-8; a byte-order mark at the start is dropped (editors
 * on Windows write one, and it is no character of the program), so columns count from the first
 * real character. Bytes that are not UTF-8 are located, not guessed at: the text is then decoded
 * leniently only so that the line with the first bad byte can be shown.
 */
public final class SourceDecoder {
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SourceDecoder() {
    }

    /** The text, and where it stops being UTF-8 if it does. */
    public record Decoded(SourceFile file, Optional<Invalid> invalid) {
    }

    /** The first bytes that are not UTF-8: where they are (one character of the lenient text), and what they are. */
    public record Invalid(Span at, String bytes) {
    }

    public static Decoded decode(final String name, final byte[] bytes) {
        int start = startsWithByteOrderMark(bytes) ? BYTE_ORDER_MARK.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        // UTF-8 never has more UTF-16 units than bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (!result.isError()) {
            return new Decoded(new SourceFile(name, out.flip().toString()), Optional.empty());
        }
        int bad = in.position();
        int offset = out.position();
        String prefix = out.flip().toString();
        String rest = new String(bytes, bad, bytes.length - bad, StandardCharsets.UTF_8);
        SourceFile file = new SourceFile(name, prefix + rest);
        return new Decoded(file, Optional.of(new Invalid(file.span(offset, offset + 1),
                hex(bytes, bad, result.length()))));
    }

    private static boolean startsWithByteOrderMark(final byte[] bytes) {
        if (bytes.length < BYTE_ORDER_MARK.length) {
            return false;
        }
        for (int i = 0; i < BYTE_ORDER_MARK.length; i++) {
            if (bytes[i] != BYTE_ORDER_MARK[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(final byte[] bytes, final int from, final int length) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < from + length && i < bytes.length; i++) {
            out.append(i == from ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i] & 0xFF));
        }
        return out.toString();
    }
}
