package dev.locus.plot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The kinds of picture file drawn, told by the file's extension. */
public enum PictureFormat {
    PNG,
    SVG;

    /** The format of {@code file} by its extension ({@code .png} or {@code .svg}, any case), if either. */
    public static Optional<PictureFormat> of(final Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (text.endsWith(".png")) {
            return Optional.of(PNG);
        }
        if (text.endsWith(".svg")) {
            return Optional.of(SVG);
        }
        return Optional.empty();
    }
}
