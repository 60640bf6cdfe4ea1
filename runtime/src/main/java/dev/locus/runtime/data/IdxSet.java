package dev.locus.runtime.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Pairs an IDX images file with its IDX labels file and checks that they belong together.
 * An images file of [count, h, w] gives samples of shape [1, h, w] (one channel, as a
 * network's {@code input image : [1, 28, 28]} expects); any other rank keeps its item
 * dimensions as they are ([count, n] gives [n], [count, c, h, w] gives [c, h, w]).
 */
public final class IdxSet {
    private IdxSet() {
    }

    /** Reads and checks a pair of files; labels must lie in [0, classes). */
    public static LabeledImages read(final Path images, final Path labels, final int classes) {
        return combine(IdxReader.read(images, "images"), IdxReader.read(labels, "labels"), classes);
    }

    /** Checks that {@code images} and {@code labels} agree and makes samples of them. */
    public static LabeledImages combine(final IdxFile images, final IdxFile labels, final int classes) {
        if (images.dims().length < 2) {
            throw new DataFileException(images.name(), "an images file needs at least 2 dimensions (count, then "
                + "the image), this one has 1 (" + images.count() + " values): is it a labels file?");
        }
        if (labels.dims().length != 1) {
            throw new DataFileException(labels.name(), "a labels file has 1 dimension (IDX1), this one has "
                + labels.dims().length + " (" + IdxFile.format(labels.dims()) + "): is it an images file?");
        }
        if (images.count() != labels.count()) {
            throw new DataFileException(labels.name(), "has " + labels.count() + " labels but "
                + images.name() + " has " + images.count() + " images");
        }
        if (images.count() == 0) {
            throw new DataFileException(images.name(), "has no images");
        }
        final int[] item = images.itemDims();
        final int[] shape = item.length == 2 ? new int[] {1, item[0], item[1]} : item;
        for (final int d : item) {
            if (d == 0) {
                throw new DataFileException(images.name(), "its images have a zero dimension: "
                    + IdxFile.format(item));
            }
        }
        final byte[] raw = labels.data();
        final int[] classOf = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            classOf[i] = raw[i] & 0xFF;
            if (classOf[i] >= classes) {
                throw new DataFileException(labels.name(), "label " + classOf[i] + " at index " + i
                    + " is out of range for " + classes + " classes (labels must be 0.." + (classes - 1) + ")");
            }
        }
        return new LabeledImages(images.name() + " + " + labels.name(), shape, images.data(), classOf);
    }

    /** A sample shape as written in Locus source: {@code [1, 28, 28]}. */
    static String shapeText(final int[] shape) {
        return Arrays.toString(shape);
    }
}
