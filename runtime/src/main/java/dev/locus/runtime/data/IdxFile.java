package dev.locus.runtime.data;

import java.util.Arrays;

/**
 * The content of an unsigned-byte IDX file: its dimensions (the first is the number of items)
 * and its data, row-major as stored.
 *
 * @param name the file as named in messages
 * @param dims every dimension from the header, count first
 * @param data the bytes after the header; exactly the product of {@code dims}
 */
public record IdxFile(String name, int[] dims, byte[] data) {

    public IdxFile {
        dims = dims.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** The dimensions of one item (all but the first). */
    public int[] itemDims() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    /** Dimensions written as in messages: {@code 28x28}. */
    static String format(final int[] dims) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                text.append('x');
            }
            text.append(Integer.toUnsignedString(dims[i]));
        }
        return text.toString();
    }
}
