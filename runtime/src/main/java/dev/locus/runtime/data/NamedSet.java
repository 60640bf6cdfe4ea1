package dev.locus.runtime.data;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The data sets Locus knows by name: their files, where they are usually unpacked, and their
 * shapes (so that the compiler can check a network's input before any file is read).
 */
public enum NamedSet {
    FASHION_MNIST("fashion_mnist", Format.IDX, new int[] {1, 28, 28}, 10,
        List.of("fashion-mnist", "fashion_mnist", "FashionMNIST"),
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
    MNIST("mnist", Format.IDX, new int[] {1, 28, 28}, 10,
        List.of("mnist", "MNIST"),
        "https://ossci-datasets.s3.amazonaws.com/mnist/"),
    CIFAR10("cifar10", Format.CIFAR10, new int[] {3, 32, 32}, 10,
        List.of("cifar10", "cifar-10", "cifar_10", "cifar-10-batches-bin", "cifar10/cifar-10-batches-bin",
            "cifar-10/cifar-10-batches-bin"),
        "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

    /** How a set's files are laid out. */
    enum Format {
        /** The four files of MNIST's layout, each raw or gzipped. */
        IDX(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte")),
        /** CIFAR-10's binary batches. */
        CIFAR10(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
            "data_batch_5.bin", "test_batch.bin"));

        final List<String> files;

        Format(final List<String> files) {
            this.files = files;
        }
    }

    private final String sourceName;
    private final Format format;
    private final int[] sampleShape;
    private final int classes;
    private final List<String> subfolders;
    private final String downloadAddress;

    NamedSet(final String sourceName, final Format format, final int[] sampleShape, final int classes,
             final List<String> subfolders, final String downloadAddress) {
        this.sourceName = sourceName;
        this.format = format;
        this.sampleShape = sampleShape;
        this.classes = classes;
        this.subfolders = subfolders;
        this.downloadAddress = downloadAddress;
    }

    /** The set called {@code name} in Locus source, if there is one. */
    public static Optional<NamedSet> byName(final String name) {
        return Arrays.stream(values()).filter(s -> s.sourceName.equals(name)).findFirst();
    }

    /** The names accepted by {@link #byName}, for "did you mean" messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(NamedSet::sourceName).toList();
    }

    /** The name as written in Locus source, e.g. {@code fashion_mnist}. */
    public String sourceName() {
        return sourceName;
    }

    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public int classes() {
        return classes;
    }

    Format format() {
        return format;
    }

    /** Folder names, relative to a search location, where the set is commonly unpacked. */
    List<String> subfolders() {
        return subfolders;
    }

    /** The file names looked for (IDX files may also end in .gz). */
    List<String> files() {
        return format.files;
    }

    String downloadAddress() {
        return downloadAddress;
    }
}
