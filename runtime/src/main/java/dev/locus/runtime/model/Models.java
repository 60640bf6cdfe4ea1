package dev.locus.runtime.model;

import dev.locus.runtime.LocusException;
import dev.locus.runtime.checkpoint.Provenance;
import dev.locus.runtime.data.DataSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the networks of a model jar, the file that {@code locus compile FILE --target jvm -o model.jar}
 * writes. The jar holds, per network, an ordinary class extending {@link CompiledNetwork} and a
 * properties file beside it; it holds no runtime, so the runtime jar must be on the class path
 * (with {@code --add-modules jdk.incubator.vector} for the fast kernels).
 *
 * <p>Three ways to get a model, each a new instance whose buffers are allocated once:
 * <ul>
 *   <li>with the model jar on the class path, by its class: {@code CompiledModel model = new QuickMLP();}
 *       (import {@code dev.locus.models.QuickMLP}, or the package given to {@code --package});</li>
 *   <li>with the model jar on the class path, by {@link java.util.ServiceLoader}:
 *       {@code ServiceLoader.load(CompiledModel.class)} lists every network of every model jar;</li>
 *   <li>from a jar file, at run time: {@link #load(Path)} or {@link #load(Path, String)}.</li>
 * </ul>
 *
 * <p>Then, as {@link CompiledModel} says:
 * <pre>{@code
 * CompiledModel model = Models.load(Path.of("model.jar"));
 * model.initialize(1);                                  // draws the parameters from the seed
 * StepStats stats = new StepStats(model.layerNames().size());
 * model.trainStep(images, labels, count, stats);        // count <= model.batchCapacity()
 * int[] predicted = new int[count];
 * model.setTraining(false);                             // dropout off, batch norm on running statistics
 * model.predict(images, count, predicted);
 * model.save(Path.of("params.ckpt"), 1);                // parameters and training state
 * CompiledModel again = Models.load(Path.of("model.jar"));
 * again.initialize(1);                                  // fixed tensors come from the seed
 * again.load(Path.of("params.ckpt"));
 * }</pre>
 * To train for whole epochs on a {@link dev.locus.runtime.data.DataSet} (such as the Fashion-MNIST
 * sample of {@link dev.locus.runtime.data.DataLoader#loadSample()}), hand the model to a
 * {@link dev.locus.runtime.train.TrainingDriver}, as {@code locus train} does.
 */
public final class Models {
    /** The service file listing the model classes of a jar, one binary name a line. */
    public static final String SERVICE = "META-INF/services/" + CompiledModel.class.getName();

    private Models() {
    }

    /**
     * A new instance of the only network in {@code jar}, not yet initialized.
     *
     * @throws LocusException if the file cannot be read, is not a model jar, or holds several networks
     */
    public static CompiledModel load(final Path jar) {
        final List<String> classes = classes(jar);
        if (classes.size() > 1) {
            throw new LocusException(jar + " holds " + classes.size() + " networks (" + String.join(", ", classes)
                + "): name one with Models.load(jar, network)");
        }
        return instantiate(jar, define(jar, classes.get(0)));
    }

    /**
     * A new instance of network {@code network} (its name in the program) of {@code jar}, not yet initialized.
     *
     * @throws LocusException if the file cannot be read, is not a model jar, or holds no such network
     */
    public static CompiledModel load(final Path jar, final String network) {
        final List<String> networks = new ArrayList<>();
        for (final String name : classes(jar)) {
            final Class<? extends CompiledModel> type = define(jar, name);
            final String its = info(type).map(p -> p.getProperty("network"))
                .orElseGet(() -> instantiate(jar, type).network());
            if (its.equals(network)) {
                return instantiate(jar, type);
            }
            networks.add(its);
        }
        throw new LocusException(jar + " holds no network " + network + "; it holds " + String.join(", ", networks));
    }

    /**
     * What {@code locus compile} wrote beside the model's class ({@code QuickMLP.properties}):
     * {@code network}, {@code class}, {@code input_shape} (comma-separated), {@code sample_size},
     * {@code classes}, {@code batch_capacity}, {@code layers} (comma-separated), {@code rule},
     * {@code epochs}, {@code seed} (the train block's), {@code locus_version}, {@code source} and
     * {@code source_sha256} (of the program file). Empty for a class that has none (the backend's own).
     */
    public static Optional<Properties> info(final CompiledModel model) {
        return info(model.getClass());
    }

    /**
     * What a checkpoint of {@code model}, trained on {@code data}, records of its origin: the
     * network, rule, program hash and Locus version from the model's properties (see
     * {@link #info(CompiledModel)}), the backend {@code jvm}, and the mean and deviation the data
     * are standardized by. For {@link CompiledModel#save} and the driver's {@code TrainingPlan}.
     *
     * @throws LocusException if the model's class has no properties (it was not written by `locus compile`)
     */
    public static Provenance provenance(final CompiledModel model, final DataSet data) {
        final Properties p = info(model).orElseThrow(() -> new LocusException(model.getClass().getName()
            + " has no properties beside it: only a class from a jar that `locus compile` wrote records its origin"));
        return new Provenance(p.getProperty("network"), p.getProperty("rule"), p.getProperty("source_sha256"),
            p.getProperty("locus_version"), "jvm", data.mean(), data.std());
    }

    private static Optional<Properties> info(final Class<?> type) {
        final String file = type.getSimpleName() + ".properties";
        try (InputStream in = type.getResourceAsStream(file)) {
            if (in == null) {
                return Optional.empty();
            }
            final Properties properties = new Properties();
            properties.load(in);
            return Optional.of(properties);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file + " beside " + type.getName(), e);
        }
    }

    /** The binary names of the model classes {@code jar} lists, in its order. */
    public static List<String> classes(final Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new LocusException(jar + (Files.isDirectory(jar) ? " is a folder, not a model jar" : ": no such file"));
        }
        final List<String> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            final ZipEntry index = file.getEntry(SERVICE);
            if (index == null) {
                throw new LocusException(jar + " is not a model jar: it has no " + SERVICE
                    + " (write one with locus compile FILE --target jvm -o " + jar.getFileName() + ")");
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.getInputStream(index),
                StandardCharsets.UTF_8))) {
                lines.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).forEach(classes::add);
            }
        } catch (final IOException e) {
            throw new LocusException(jar + ": cannot read it as a jar: " + e.getMessage(), e);
        }
        if (classes.isEmpty()) {
            throw new LocusException(jar + " lists no network in " + SERVICE);
        }
        return classes;
    }

    /**
     * The class {@code name}, by a loader of its own whose parent is the runtime's (so that the
     * model shares the runtime's classes; a jar already on the class path is found there first).
     */
    private static Class<? extends CompiledModel> define(final Path jar, final String name) {
        final URL url;
        try {
            url = jar.toUri().toURL();
        } catch (final MalformedURLException e) {
            throw new LocusException(jar + ": cannot be named as a URL: " + e.getMessage(), e);
        }
        final URLClassLoader loader = new URLClassLoader("locus-model", new URL[] {url},
            CompiledModel.class.getClassLoader());
        final Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (final ClassNotFoundException | LinkageError e) {
            throw new LocusException(jar + " lists " + name + " but its class cannot be loaded: " + e, e);
        }
        if (!CompiledModel.class.isAssignableFrom(type)) {
            throw new LocusException(jar + " lists " + name + ", which is not a " + CompiledModel.class.getName());
        }
        return type.asSubclass(CompiledModel.class);
    }

    private static CompiledModel instantiate(final Path jar, final Class<? extends CompiledModel> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (final InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new LocusException("constructing " + type.getName() + " of " + jar + " failed: " + e.getCause(), e);
        } catch (final ReflectiveOperationException e) {
            throw new LocusException(type.getName() + " of " + jar + " has no public constructor without arguments", e);
        }
    }
}
