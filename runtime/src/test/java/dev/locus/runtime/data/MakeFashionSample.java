package dev.locus.runtime.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Makes the Fashion-MNIST sample shipped in runtime/src/main/resources: the first 2,000
 * training and first 500 test images and labels of the full set, as gzipped IDX files.
 * Run by hand (it is a tool, not a test) from the repository root, after
 * {@code mvn -pl runtime test-compile}, with FULL the folder of the full set (where Debian's
 * dataset-fashion-mnist puts it, or any copy):
 * <pre>
 * java -cp runtime/target/classes:runtime/target/test-classes \
 *     dev.locus.runtime.data.MakeFashionSample FULL \
 *     runtime/src/main/resources/dev/locus/runtime/data/fashion-mnist-sample
 * </pre>
 */
public final class MakeFashionSample {
    static final int TRAIN = 2000;
    static final int TEST = 500;

    private MakeFashionSample() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MakeFashionSample FULL_SET_DIR OUTPUT_DIR");
            System.exit(2);
        }
        final Path from = Path.of(args[0]);
        final Path to = Path.of(args[1]);
        copyFirst(from, to, "train-images-idx3-ubyte", TRAIN);
        copyFirst(from, to, "train-labels-idx1-ubyte", TRAIN);
        copyFirst(from, to, "t10k-images-idx3-ubyte", TEST);
        copyFirst(from, to, "t10k-labels-idx1-ubyte", TEST);
    }

    private static void copyFirst(final Path from, final Path to, final String stem, final int count) throws IOException {
        final IdxFile full = IdxReader.read(from.resolve(stem + ".gz"), "items");
        final int[] dims = full.dims();
        final int itemSize = full.data().length / dims[0];
        dims[0] = count;
        final byte[] data = Arrays.copyOf(full.data(), count * itemSize);
        final Path out = IdxWriter.write(to.resolve(stem + ".gz"), IdxWriter.gzip(IdxWriter.idx(dims, data)));
        System.out.println("wrote " + out + " (" + count + " of " + full.count() + ")");
    }
}
