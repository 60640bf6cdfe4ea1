package dev.locus.plot;

import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads the lines that {@code locus train --json} prints (one object per epoch) back into runs: one
 * per network in the file, labelled with the file's name and the network's. Blank lines are
 * skipped; anything else that is not such an object is an error at its line and column.
 */
public final class RunFile {
    private RunFile() {
    }

    /** The runs of {@code file}, in the order their networks first appear. */
    public static List<RunHistory> read(final Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LocusException(file + ": no such file");
        } catch (MalformedInputException e) {
            throw new LocusException(file + ": not a text file in UTF-8 (expected the lines of `locus train --json`)");
        } catch (IOException e) {
            throw new LocusException(file + ": cannot be read: "
                    + (Files.isDirectory(file) ? "it is a folder" : e.getMessage()));
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Map<String, Builder> runs = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            Object value;
            try {
                value = JsonValue.parse(line);
            } catch (JsonValue.SyntaxException e) {
                throw new LocusException(where + ":" + e.column() + ": not JSON: " + e.getMessage()
                        + " (expected one object of `locus train --json` a line)");
            }
            if (!(value instanceof Map<?, ?> object)) {
                throw new LocusException(where + ": not a JSON object (expected one object of `locus train --json` "
                        + "a line)");
            }
            String network = text(object, "network", where);
            runs.computeIfAbsent(network, n -> new Builder(name + " " + n, n)).add(object, where);
        }
        if (runs.isEmpty()) {
            throw new LocusException(file + ": no epochs (expected the lines of `locus train --json`)");
        }
        return runs.values().stream().map(Builder::build).toList();
    }

    /** The epochs of one network, checked line by line. */
    private static final class Builder {
        private final String label;
        private final String network;
        private List<String> layers;
        private final List<RunHistory.Epoch> epochs = new ArrayList<>();

        Builder(final String label, final String network) {
            this.label = label;
            this.network = network;
        }

        void add(final Map<?, ?> object, final String where) {
            int epoch = wholeNumber(object, "epoch", where);
            if (!epochs.isEmpty() && epoch <= epochs.get(epochs.size() - 1).epoch()) {
                throw new LocusException(where + ": epoch " + epoch + " of " + network + " after epoch "
                        + epochs.get(epochs.size() - 1).epoch() + ": a file holds one run of each network; put "
                        + "each run in its own file");
            }
            double test = fraction(object.get("test_accuracy"), "test_accuracy", where);
            if (!(object.get("layers") instanceof List<?> list)) {
                throw new LocusException(where + ": `layers` is missing or not a list");
            }
            List<String> names = new ArrayList<>();
            List<OptionalDouble> accuracy = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> layer)) {
                    throw new LocusException(where + ": an item of `layers` is not an object");
                }
                String layerName = text(layer, "name", where);
                names.add(layerName);
                Object acc = layer.get("local_accuracy");
                accuracy.add(acc == null ? OptionalDouble.empty()
                        : OptionalDouble.of(fraction(acc, "local_accuracy of layer " + layerName, where)));
            }
            if (layers == null) {
                layers = names;
            } else if (!layers.equals(names)) {
                throw new LocusException(where + ": network " + network + " has layers " + names
                        + " here but " + layers + " on its earlier lines");
            }
            epochs.add(new RunHistory.Epoch(epoch, test, accuracy));
        }

        RunHistory build() {
            return new RunHistory(label, network, layers, epochs);
        }
    }

    private static String text(final Map<?, ?> object, final String key, final String where) {
        if (!(object.get(key) instanceof String s)) {
            throw new LocusException(where + ": `" + key + "` is missing or not a string");
        }
        return s;
    }

    private static int wholeNumber(final Map<?, ?> object, final String key, final String where) {
        if (!(object.get(key) instanceof Double d) || d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
            throw new LocusException(where + ": `" + key + "` is missing or not a whole number from 1");
        }
        return d.intValue();
    }

    private static double fraction(final Object value, final String key, final String where) {
        if (!(value instanceof Double d) || !(d >= 0 && d <= 1)) {
            throw new LocusException(where + ": `" + key + "` is missing or not a fraction from 0 to 1");
        }
        return d;
    }
}
