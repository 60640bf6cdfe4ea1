package dev.locus.runtime.data;

import java.util.Objects;

/** What a {@code train} block's {@code data} line asks for. */
public sealed interface DataSource {

    /** A set known by name: {@code fashion_mnist}, {@code mnist} or {@code cifar10}. */
    record Named(String name) implements DataSource {
        public Named {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code idx(images: ..., labels: ..., test_images: ..., test_labels: ...)}: paths as written
     * in the program, relative ones resolved against the program file's folder.
     */
    record IdxFiles(String images, String labels, String testImages, String testLabels) implements DataSource {
        public IdxFiles {
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(testImages, "testImages");
            Objects.requireNonNull(testLabels, "testLabels");
        }
    }
}
