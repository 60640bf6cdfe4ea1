package dev.locus.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding named sets, explicit IDX files, the sample, and what is refused on the way. */
class DataLoaderTest {
    private static final String[] IDX_FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    @TempDir
    Path dir;

    /** Writes a tiny MNIST-layout set: {@code train} and {@code test} images of 4x4, labels i mod 10. */
    static void writeIdxSet(final Path folder, final int train, final int test, final boolean gzip) throws IOException {
        final int[] counts = {train, train, test, test};
        for (int f = 0; f < 4; f++) {
            final int n = counts[f];
            final boolean images = f % 2 == 0;
            final byte[] data = new byte[images ? n * 16 : n];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (images ? (i * 53 + f) % 256 : i % 10);
            }
            final byte[] idx = IdxWriter.idx(images ? new int[] {n, 4, 4} : new int[] {n}, data);
            IdxWriter.write(folder.resolve(IDX_FILES[f] + (gzip ? ".gz" : "")), gzip ? IdxWriter.gzip(idx) : idx);
        }
    }

    private DataSearchPath searchOnly(final Path dataFlag) {
        return new DataSearchPath(Optional.ofNullable(dataFlag), Optional.empty(), dir.resolve("home"), dir.resolve("system"));
    }

    private static DataSet load(final String name, final DataSearchPath search, final List<String> notices) {
        return DataLoader.load(new DataSource.Named(name), search, Path.of("."), notices::add);
    }

    @Test
    void findsASetInTheDataFolderOrItsNamedSubfolder() throws IOException {
        writeIdxSet(dir.resolve("direct"), 30, 10, true);
        writeIdxSet(dir.resolve("nested").resolve("fashion-mnist"), 20, 5, false);
        final List<String> notices = new ArrayList<>();
        final DataSet direct = load("mnist", searchOnly(dir.resolve("direct")), notices);
        assertEquals(30, direct.train().count());
        assertEquals(10, direct.test().count());
        assertArrayEquals(new int[] {1, 4, 4}, direct.sampleShape());
        final DataSet nested = load("fashion_mnist", searchOnly(dir.resolve("nested")), notices);
        assertEquals(20, nested.train().count());
        assertEquals(10, nested.classes());
        assertEquals(List.of("data mnist from " + dir.resolve("direct"),
            "data fashion_mnist from " + dir.resolve("nested").resolve("fashion-mnist")), notices);
    }

    @Test
    void aDataFolderWithoutTheSetIsAnErrorNamingItAndTheFilesNotAReasonToLookElsewhere() throws IOException {
        writeIdxSet(dir.resolve("env").resolve("fashion-mnist"), 11, 3, true);
        final Path empty = Files.createDirectories(dir.resolve("flag-empty"));
        final DataSearchPath flagged = new DataSearchPath(Optional.of(empty), Optional.of(dir.resolve("env")),
            dir.resolve("home"), dir.resolve("system"));
        final List<String> notices = new ArrayList<>();
        assertEquals("--data " + empty + ": data set `fashion_mnist` is not there; looked for "
                + "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                + "t10k-labels-idx1-ubyte[.gz] in " + empty + " and in its subfolders fashion-mnist, fashion_mnist, "
                + "FashionMNIST",
            assertThrows(LocusException.class, () -> load("fashion_mnist", flagged, notices)).getMessage());
        assertEquals("--data " + dir.resolve("nowhere") + ": no such folder", assertThrows(LocusException.class,
            () -> load("fashion_mnist", searchOnly(dir.resolve("nowhere")), notices)).getMessage());
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("--data " + file + ": is a file, not a folder", assertThrows(LocusException.class,
            () -> load("mnist", searchOnly(file), notices)).getMessage());
        assertTrue(notices.isEmpty(), "neither another place nor the sample was used: " + notices);
    }

    @Test
    void searchOrderWithoutADataFolderIsEnvironmentThenHomeThenSystem() throws IOException {
        writeIdxSet(dir.resolve("env").resolve("mnist"), 11, 3, true);
        writeIdxSet(dir.resolve("home").resolve("mnist"), 12, 3, true);
        writeIdxSet(dir.resolve("system").resolve("mnist"), 13, 3, true);
        final DataSearchPath all = new DataSearchPath(Optional.empty(),
            Optional.of(dir.resolve("env")), dir.resolve("home"), dir.resolve("system"));
        assertEquals(11, load("mnist", all, new ArrayList<>()).train().count());
        final DataSearchPath noEnv = new DataSearchPath(Optional.empty(), Optional.empty(), dir.resolve("home"),
            dir.resolve("system"));
        assertEquals(12, load("mnist", noEnv, new ArrayList<>()).train().count());
        final DataSearchPath systemOnly = new DataSearchPath(Optional.empty(), Optional.empty(), dir.resolve("nowhere"),
            dir.resolve("system"));
        assertEquals(13, load("mnist", systemOnly, new ArrayList<>()).train().count());
    }

    @Test
    void aMissingSetListsEveryPlaceAndSaysItCannotBeDownloaded() {
        final LocusException e = assertThrows(LocusException.class,
            () -> load("mnist", searchOnly(null), new ArrayList<>()));
        final String m = e.getMessage();
        assertTrue(m.startsWith("data set `mnist` not found; looked for train-images-idx3-ubyte[.gz]"), m);
        assertTrue(m.contains("--data: not given"), m);
        assertTrue(m.contains("$LOCUS_DATA: not set"), m);
        assertTrue(m.contains(dir.resolve("home").toString()), m);
        assertTrue(m.contains(dir.resolve("system").toString()), m);
        assertTrue(m.contains("cannot download"), m);
        assertTrue(m.contains("https://ossci-datasets.s3.amazonaws.com/mnist/"), m);
    }

    @Test
    void withoutADataFolderFashionMnistFallsBackToTheSampleWithANotice() {
        final List<String> notices = new ArrayList<>();
        final DataSet sample = load("fashion_mnist", searchOnly(null), notices);
        assertEquals(2000, sample.train().count());
        assertEquals(500, sample.test().count());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains("not found") && notices.get(0).contains("built-in sample")
            && notices.get(0).contains(dir.resolve("home").toString()), notices.get(0));
    }

    @Test
    void theSampleFolderOfTheSourceTreeCanBeNamedWithData() throws IOException {
        final Path folder = dir.resolve("sample");
        Files.createDirectories(folder);
        for (final String file : IDX_FILES) {
            try (java.io.InputStream in = DataLoader.class.getResourceAsStream(DataLoader.SAMPLE_FOLDER + file + ".gz")) {
                Files.copy(in, folder.resolve(file + ".gz"));
            }
        }
        final List<String> notices = new ArrayList<>();
        final DataSet set = load("fashion_mnist", searchOnly(folder), notices);
        assertEquals("fashion_mnist", set.name());
        assertEquals(2000, set.train().count());
        assertEquals(List.of("data fashion_mnist from " + folder), notices);
    }

    @Test
    void theSampleIsStandardizedByItsOwnTrainingPart() {
        final DataSet sample = DataLoader.loadSample();
        assertEquals(10, sample.classes());
        assertArrayEquals(new int[] {1, 28, 28}, sample.sampleShape());
        // 2,500 images of 784 values, as bytes and as floats, and their labels twice as ints.
        assertEquals(2500L * 784 * (1 + 4) + 2500L * 4 * 2, sample.heapBytes());
        final float[] x = sample.train().images();
        double sum = 0;
        double squares = 0;
        for (final float v : x) {
            sum += v;
            squares += (double) v * v;
        }
        final double mean = sum / x.length;
        assertEquals(0.0, mean, 1e-4);
        assertEquals(1.0, Math.sqrt(squares / x.length - mean * mean), 1e-4);
        final int[] perClass = new int[10];
        for (final int label : sample.train().labels()) {
            perClass[label]++;
        }
        for (final int c : perClass) {
            assertTrue(c > 100, "every class appears in the sample");
        }
    }

    @Test
    void limitUsesTheFirstImagesAndTheirOwnStatistics() {
        final DataSet sample = DataLoader.loadSample();
        final DataSet first = sample.limit(100);
        assertEquals(100, first.train().count());
        assertEquals(500, first.test().count());
        assertTrue(first.mean() != sample.mean());
        assertArrayEquals(java.util.Arrays.copyOf(sample.train().labels(), 100), first.train().labels());
        // The same first image, standardized by the other statistics.
        final float raw = sample.train().images()[200] * sample.std() + sample.mean();
        assertEquals((raw - first.mean()) / first.std(), first.train().images()[200], 1e-5);
        assertSame(sample, sample.limit(5000));
    }

    @Test
    void aPartialSetIsAnErrorNamingTheMissingFiles() throws IOException {
        writeIdxSet(dir.resolve("partial"), 5, 5, true);
        Files.delete(dir.resolve("partial").resolve("t10k-labels-idx1-ubyte.gz"));
        final LocusException e = assertThrows(LocusException.class,
            () -> load("mnist", searchOnly(dir.resolve("partial")), new ArrayList<>()));
        assertTrue(e.getMessage().contains("incomplete in " + dir.resolve("partial")), e.getMessage());
        assertTrue(e.getMessage().contains("but not t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void unknownSetsAreNamedWithTheKnownOnes() {
        final LocusException e = assertThrows(LocusException.class,
            () -> load("imagenet", searchOnly(null), new ArrayList<>()));
        assertTrue(e.getMessage().contains("unknown data set `imagenet`; the known sets are fashion_mnist, mnist, cifar10"));
    }

    @Test
    void explicitIdxPathsAreResolvedAgainstTheProgramFolder() throws IOException {
        writeIdxSet(dir.resolve("prog").resolve("data"), 8, 4, false);
        final DataSource.IdxFiles files = new DataSource.IdxFiles("data/train-images-idx3-ubyte",
            "data/train-labels-idx1-ubyte", "data/t10k-images-idx3-ubyte", dir.resolve("prog").resolve("data")
            .resolve("t10k-labels-idx1-ubyte").toString());
        final DataSet set = DataLoader.load(files, searchOnly(null), dir.resolve("prog"), s -> { });
        assertEquals(8, set.train().count());
        assertEquals(8, set.classes(), "8 training images labelled 0..7 and 4 test images 0..3: the largest label plus one");
        final DataSource.IdxFiles missing = new DataSource.IdxFiles("data/nope.gz", "data/train-labels-idx1-ubyte",
            "data/t10k-images-idx3-ubyte", "data/t10k-labels-idx1-ubyte");
        final LocusException e = assertThrows(LocusException.class,
            () -> DataLoader.load(missing, searchOnly(null), dir.resolve("prog"), s -> { }));
        assertEquals("idx(images: \"data/nope.gz\"): " + dir.resolve("prog").resolve("data").resolve("nope.gz")
            + " does not exist", e.getMessage());
    }

    @Test
    void mismatchedImageAndLabelFilesAreRefused() throws IOException {
        final Path images = IdxWriter.write(dir.resolve("img"), IdxWriter.idx(new int[] {6, 2, 2}, new byte[24]));
        final Path fewer = IdxWriter.write(dir.resolve("lab5"), IdxWriter.idx(new int[] {5}, new byte[5]));
        assertEquals(fewer + ": has 5 labels but " + images + " has 6 images",
            assertThrows(DataFileException.class, () -> IdxSet.read(images, fewer, 10)).getMessage());
        final Path outOfRange = IdxWriter.write(dir.resolve("lab6"), IdxWriter.idx(new int[] {6}, new byte[] {0, 1, 2, 12, 3, 4}));
        assertEquals(outOfRange + ": label 12 at index 3 is out of range for 10 classes (labels must be 0..9)",
            assertThrows(DataFileException.class, () -> IdxSet.read(images, outOfRange, 10)).getMessage());
        final Path labelsAsImages = IdxWriter.write(dir.resolve("lab3d"), IdxWriter.idx(new int[] {6, 1, 1}, new byte[6]));
        assertTrue(assertThrows(DataFileException.class, () -> IdxSet.read(images, labelsAsImages, 10)).getMessage()
            .contains("a labels file has 1 dimension (IDX1), this one has 3 (6x1x1)"));
        final Path flat = IdxWriter.write(dir.resolve("flat"), IdxWriter.idx(new int[] {6}, new byte[6]));
        assertTrue(assertThrows(DataFileException.class, () -> IdxSet.read(flat, flat, 10)).getMessage()
            .contains(flat + ": an images file needs at least 2 dimensions"));
        final Path none = IdxWriter.write(dir.resolve("none"), IdxWriter.idx(new int[] {0, 2, 2}, new byte[0]));
        final Path noLabels = IdxWriter.write(dir.resolve("nolab"), IdxWriter.idx(new int[] {0}, new byte[0]));
        assertEquals(none + ": has no images",
            assertThrows(DataFileException.class, () -> IdxSet.read(none, noLabels, 10)).getMessage());
    }

    @Test
    void trainAndTestOfDifferentShapesOrConstantImagesAreRefused() throws IOException {
        final LabeledImages train = IdxSet.combine(new IdxFile("a", new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7}),
            new IdxFile("b", new int[] {2}, new byte[] {0, 1}), 2);
        final LabeledImages test = IdxSet.combine(new IdxFile("c", new int[] {1, 3, 3}, new byte[9]),
            new IdxFile("d", new int[] {1}, new byte[1]), 2);
        assertEquals("c + d: test samples have shape [1, 3, 3] but the training samples (a + b) have [1, 2, 2]",
            assertThrows(DataFileException.class, () -> DataSet.of("t", train, test, 2)).getMessage());
        final LabeledImages flatGrey = IdxSet.combine(new IdxFile("e", new int[] {2, 2, 2}, new byte[8]),
            new IdxFile("f", new int[] {2}, new byte[2]), 2);
        assertTrue(assertThrows(DataFileException.class, () -> DataSet.of("t", flatGrey, train, 2)).getMessage()
            .contains("every value of the 2 training images is the same"));
    }

    @Test
    void theFullFashionMnistMatchesTheReferenceStatisticsWhenInstalled() {
        final Path installed = Path.of("/usr/share/datasets");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(installed.resolve("fashion-mnist")),
            "the full Fashion-MNIST is not installed in /usr/share/datasets (apt-get install dataset-fashion-mnist)");
        final DataSet full = DataLoader.load(new DataSource.Named("fashion_mnist"),
            new DataSearchPath(Optional.empty(), Optional.empty(), dir, installed), Path.of("."), s -> { });
        assertEquals(60000, full.train().count());
        assertEquals(10000, full.test().count());
        // numpy: xtr.mean() = 0.2860406, xtr.std() = 0.3530242 on the float32 images / 255.
        assertEquals(0.2860406f, full.mean(), 1e-6f);
        assertEquals(0.3530242f, full.std(), 1e-6f);
        assertEquals(0.2860406f, full.limit(60000).mean(), 1e-6f);
    }
}
