package dev.locus.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where named data sets are looked for, in order: {@code --data DIR}, then {@code $LOCUS_DATA},
 * then {@code ~/.locus/data}, then {@code /usr/share/datasets} (where Debian's
 * {@code dataset-fashion-mnist} puts them). Each place is given explicitly so that tests do not
 * depend on the machine.
 */
public record DataSearchPath(Optional<Path> dataFlag, Optional<Path> environment, Path home, Path system) {

    /** The environment variable that names a data folder. */
    public static final String ENVIRONMENT_VARIABLE = "LOCUS_DATA";

    /** The places of this machine; {@code dataFlag} is the {@code --data} folder, or null if not given. */
    public static DataSearchPath standard(final Path dataFlag) {
        final String env = System.getenv(ENVIRONMENT_VARIABLE);
        return new DataSearchPath(Optional.ofNullable(dataFlag),
            env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env)),
            Path.of(System.getProperty("user.home"), ".locus", "data"),
            Path.of("/usr/share/datasets"));
    }

    /** A place to look, and how to name it in messages. */
    record Place(String label, Optional<Path> folder) {
        String describe() {
            if (label.isEmpty()) {
                return folder.map(Path::toString).orElse("");
            }
            final boolean variable = label.startsWith("$");
            return folder.map(f -> label + (variable ? " = " : " ") + f)
                .orElse(label + ": not " + (variable ? "set" : "given"));
        }
    }

    List<Place> places() {
        final List<Place> places = new ArrayList<>();
        places.add(new Place("--data", dataFlag));
        places.add(new Place("$" + ENVIRONMENT_VARIABLE, environment));
        places.add(new Place("", Optional.of(home)));
        places.add(new Place("", Optional.of(system)));
        return places;
    }
}
