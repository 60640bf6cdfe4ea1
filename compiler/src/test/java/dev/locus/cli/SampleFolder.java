package dev.locus.cli;

import dev.locus.runtime.data.DataLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Fashion-MNIST sample shipped in the runtime jar, copied into a folder as a user would unpack a set. */
final class SampleFolder {
    private SampleFolder() {
    }

    /** {@code dir/sample}, holding the sample's four files (copied on the first call). */
    static Path in(final Path dir) throws IOException {
        Path folder = dir.resolve("sample");
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
                try (InputStream in = DataLoader.class.getResourceAsStream("fashion-mnist-sample/" + f)) {
                    Files.copy(in, folder.resolve(f));
                }
            }
        }
        return folder;
    }
}
