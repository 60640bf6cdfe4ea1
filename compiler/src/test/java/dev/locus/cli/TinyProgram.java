package dev.locus.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A tiny network with its own random IDX data in a folder: a whole `locus train` in a fraction of a second. */
final class TinyProgram {
    private TinyProgram() {
    }

    /**
     * Writes {@code tiny.locus} (network Tiny, 3 layers, rule {@code rule}, optimizer {@code optimizer},
     * {@code epochs} epochs of batches of 8) and its data ({@code images} training and 20 test images)
     * into {@code dir}.
     */
    static Path write(final Path dir, final String rule, final String optimizer, final int epochs, final int images)
            throws IOException {
        idx(dir, "train-images", "train-labels", images, 1);
        idx(dir, "test-images", "test-labels", 20, 2);
        Path file = dir.resolve("tiny.locus");
        Files.writeString(file, """
                network Tiny {
                    input  image : [1, 6, 6]
                    classes 3
                    layer  fc1 = flatten -> dense(8) -> tanh
                    layer  fc2 = dense(6) -> relu
                    output out = dense(classes)
                }
                train Tiny {
                    data      idx(images: "train-images", labels: "train-labels", test_images: "test-images", test_labels: "test-labels")
                    rule      %s
                    optimizer %s
                    batch     8
                    epochs    %d
                    seed      1
                }
                """.formatted(rule, optimizer, epochs));
        return file;
    }

    /** Raw IDX files of {@code count} random 6 x 6 images and labels below 3. */
    private static void idx(final Path dir, final String images, final String labels, final int count, final long seed)
            throws IOException {
        Random r = new Random(seed);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(images)))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(6);
            out.writeInt(6);
            byte[] pixels = new byte[count * 36];
            r.nextBytes(pixels);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(labels)))) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(r.nextInt(3));
            }
        }
    }
}
