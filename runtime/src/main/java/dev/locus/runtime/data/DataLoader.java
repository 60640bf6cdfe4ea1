package dev.locus.runtime.data;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a {@code data} line into a {@link DataSet}: finds a named set in the {@code --data}
 * folder, or else on the search path (falling back to the Fashion-MNIST sample shipped in this
 * jar), or reads explicit IDX files. The set's number of classes comes from the data (a named
 * set's known count, or the largest label of IDX files plus one), so that the caller can compare
 * it with the network's. It never prints: notices go to the caller's consumer, because standard
 * output may carry {@code --json} lines.
 */
public final class DataLoader {
    /** The folder of the built-in sample, relative to this class. */
    static final String SAMPLE_FOLDER = "fashion-mnist-sample/";

    /** IDX labels are bytes: an explicit set may have up to 256 classes. */
    private static final int MOST_IDX_CLASSES = 256;

    private DataLoader() {
    }

    /**
     * Loads {@code source}.
     *
     * @param search where named sets are looked for
     * @param baseDir the folder that relative {@code idx(...)} paths are resolved against
     * @param notices receives one message saying where a named set was read from, or that the
     *                sample was used instead
     * @throws LocusException if the set is unknown, not found, or any file is bad
     */
    public static DataSet load(final DataSource source, final DataSearchPath search, final Path baseDir,
                               final Consumer<String> notices) {
        if (source instanceof DataSource.IdxFiles files) {
            return loadIdx(files, baseDir);
        }
        final String name = ((DataSource.Named) source).name();
        final NamedSet set = NamedSet.byName(name).orElseThrow(() -> new LocusException(
            "unknown data set `" + name + "`; the known sets are " + String.join(", ", NamedSet.names())
                + ", or idx(images: ..., labels: ..., test_images: ..., test_labels: ...)"));
        return loadNamed(set, search, notices);
    }

    private static DataSet loadIdx(final DataSource.IdxFiles files, final Path baseDir) {
        final LabeledImages train = IdxSet.read(resolve(baseDir, "images", files.images()),
            resolve(baseDir, "labels", files.labels()), MOST_IDX_CLASSES);
        final LabeledImages test = IdxSet.read(resolve(baseDir, "test_images", files.testImages()),
            resolve(baseDir, "test_labels", files.testLabels()), MOST_IDX_CLASSES);
        return DataSet.of("idx(" + files.images() + ")", train, test,
            Math.max(train.labelCount(), test.labelCount()));
    }

    private static Path resolve(final Path baseDir, final String argument, final String written) {
        final Path path = baseDir.resolve(written).normalize();
        if (!Files.isRegularFile(path)) {
            throw new LocusException("idx(" + argument + ": \"" + written + "\"): " + path
                + (Files.isDirectory(path) ? " is a folder, not a file" : " does not exist"));
        }
        return path;
    }

    /**
     * Loads a named set: from the {@code --data} folder alone when there is one (a folder the user
     * named and that lacks the set is an error, never a reason to train on other data), else from
     * the first place of the search path that has it, else (Fashion-MNIST only) from the sample.
     */
    static DataSet loadNamed(final NamedSet set, final DataSearchPath search, final Consumer<String> notices) {
        if (search.dataFlag().isPresent()) {
            final Path folder = search.dataFlag().get();
            if (!Files.exists(folder)) {
                throw new LocusException("--data " + folder + ": no such folder");
            }
            if (!Files.isDirectory(folder)) {
                throw new LocusException("--data " + folder + ": is a file, not a folder");
            }
            final List<Path> files = findIn(set, folder).orElseThrow(() -> new LocusException("--data " + folder
                + ": data set `" + set.sourceName() + "` is not there; looked for " + fileList(set) + " in "
                + folder + " and in its subfolders " + String.join(", ", set.subfolders())));
            return read(set, files, notices);
        }
        final List<String> looked = new ArrayList<>();
        for (final DataSearchPath.Place place : search.places()) {
            looked.add(place.describe());
            if (place.folder().isEmpty()) {
                continue;
            }
            final Optional<List<Path>> found = findIn(set, place.folder().get());
            if (found.isPresent()) {
                return read(set, found.get(), notices);
            }
        }
        final String places = "looked in:\n  " + String.join("\n  ", looked)
            + "\n(each folder itself and its subfolders " + String.join(", ", set.subfolders()) + ")";
        if (set == NamedSet.FASHION_MNIST) {
            final DataSet sample = loadSample();
            notices.accept("notice: data set `" + set.sourceName() + "` not found; " + places
                + "\nusing the built-in sample instead: the first " + sample.train().count() + " training and "
                + sample.test().count() + " test images of Fashion-MNIST, so accuracies are lower than on the full set");
            return sample;
        }
        throw new LocusException("data set `" + set.sourceName() + "` not found; looked for " + fileList(set)
            + "; " + places + "\nLocus cannot download it (downloading is not available here): get it from "
            + set.downloadAddress() + " and put its files in one of these folders, or pass --data DIR");
    }

    private static String fileList(final NamedSet set) {
        final String suffix = set.format() == NamedSet.Format.IDX ? "[.gz]" : "";
        return String.join(suffix + ", ", set.files()) + suffix;
    }

    /**
     * The set's files in {@code folder} or one of its set-named subfolders (those first, so that a
     * folder holding several sets is not mistaken for one of them). A folder with some of the
     * files but not all is an error, since silently passing it by would train on other data.
     */
    private static Optional<List<Path>> findIn(final NamedSet set, final Path folder) {
        final List<Path> candidates = new ArrayList<>();
        for (final String sub : set.subfolders()) {
            candidates.add(folder.resolve(sub));
        }
        candidates.add(folder);
        for (final Path dir : candidates) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            final List<Path> present = new ArrayList<>();
            final List<String> missing = new ArrayList<>();
            for (final String file : set.files()) {
                final Optional<Path> path = locate(set, dir, file);
                if (path.isPresent()) {
                    present.add(path.get());
                } else {
                    missing.add(file);
                }
            }
            if (missing.isEmpty()) {
                return Optional.of(present);
            }
            if (!present.isEmpty()) {
                throw new LocusException("data set `" + set.sourceName() + "` is incomplete in " + dir + ": it has "
                    + present.get(0).getFileName() + " but not " + String.join(", ", missing)
                    + (set.format() == NamedSet.Format.IDX ? " (raw or .gz)" : ""));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> locate(final NamedSet set, final Path dir, final String file) {
        if (set.format() == NamedSet.Format.IDX) {
            final Path gz = dir.resolve(file + ".gz");
            if (Files.isRegularFile(gz)) {
                return Optional.of(gz);
            }
        }
        final Path raw = dir.resolve(file);
        return Files.isRegularFile(raw) ? Optional.of(raw) : Optional.empty();
    }

    private static DataSet read(final NamedSet set, final List<Path> files, final Consumer<String> notices) {
        notices.accept("data " + set.sourceName() + " from " + files.get(0).getParent());
        if (set.format() == NamedSet.Format.CIFAR10) {
            // The reader refuses any label beyond CIFAR-10's ten.
            return DataSet.of(set.sourceName(), Cifar10Reader.read(files.subList(0, 5)),
                Cifar10Reader.read(files.subList(5, 6)), set.classes());
        }
        return DataSet.of(set.sourceName(), IdxSet.read(files.get(0), files.get(1), set.classes()),
            IdxSet.read(files.get(2), files.get(3), set.classes()), set.classes());
    }

    /** The Fashion-MNIST sample shipped in this jar (2,000 training and 500 test images, 10 classes). */
    public static DataSet loadSample() {
        final int classes = NamedSet.FASHION_MNIST.classes();
        return DataSet.of(NamedSet.FASHION_MNIST.sourceName() + " (built-in sample)",
            IdxSet.combine(sampleFile("train-images-idx3-ubyte.gz", "images"),
                sampleFile("train-labels-idx1-ubyte.gz", "labels"), classes),
            IdxSet.combine(sampleFile("t10k-images-idx3-ubyte.gz", "images"),
                sampleFile("t10k-labels-idx1-ubyte.gz", "labels"), classes),
            classes);
    }

    private static IdxFile sampleFile(final String file, final String noun) {
        final String name = "built-in sample " + SAMPLE_FOLDER + file;
        try (InputStream in = DataLoader.class.getResourceAsStream(SAMPLE_FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the runtime jar");
            }
            return IdxReader.read(name, in, noun);
        } catch (final IOException e) {
            throw new DataFileException(name, "cannot read: " + e.getMessage(), e);
        }
    }
}
