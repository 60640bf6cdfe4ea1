package dev.locus.compiler.jar;

import dev.locus.compiler.jvm.BytecodeVerifier;
import dev.locus.compiler.jvm.GeneratedClass;
import dev.locus.compiler.jvm.NetworkCompiler;
import dev.locus.compiler.target.Target;
import dev.locus.compiler.target.TargetInput;
import dev.locus.runtime.LocusException;
import dev.locus.runtime.model.CompiledModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The target {@code jvm}: a jar of each network's generated class, an ordinary named class that a
 * Java program with the runtime jar on its class path loads ({@code new Net()}, {@link java.util.ServiceLoader},
 * or {@code dev.locus.runtime.model.Models.load}). The jar holds no runtime. Its layout:
 * <pre>
 * META-INF/MANIFEST.MF                                   Created-By, Locus-Models (the class names)
 * META-INF/services/dev.locus.runtime.model.CompiledModel  the class names, one a line
 * com/example/Net.class                                  the network (package: --package, else dev.locus.models)
 * com/example/Net.properties                             {@link ModelIndex}: shapes, layers, rule, seed, origin
 * </pre>
 */
public final class JvmTarget implements Target {
    /** The package of the classes when none is chosen: outside the runtime's packages, which stay the runtime jar's own. */
    public static final String DEFAULT_PACKAGE = "dev.locus.models";

    static final String SERVICE = "META-INF/services/" + CompiledModel.class.getName();

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public String description() {
        return "a jar of one JVM class per network, used from Java with the runtime jar on the class path";
    }

    @Override
    public void write(final TargetInput input, final Path output) {
        final String javaPackage = input.javaPackage().orElse(DEFAULT_PACKAGE);
        final Map<String, TargetInput.Network> byClass = new LinkedHashMap<>();
        final List<ModelJar.Entry> entries = new ArrayList<>();
        for (final TargetInput.Network network : input.networks()) {
            final GeneratedClass generated = NetworkCompiler.compile(network.graph(), javaPackage.replace('.', '/'));
            final TargetInput.Network before = byClass.put(generated.binaryName(), network);
            if (before != null) {
                throw new LocusException(twice(before, network, generated.binaryName()));
            }
            // A class that does not verify is a bug of the code generator: refuse to ship it.
            final String problems = BytecodeVerifier.problems(generated);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the class of network " + network.graph().network().name()
                    + " does not verify:\n" + problems);
            }
            entries.add(new ModelJar.Entry(generated.internalName() + ".class", generated.bytes()));
            entries.add(new ModelJar.Entry(generated.internalName() + ".properties", ModelIndex.text(
                ModelIndex.of(network, generated.binaryName(), input.origin())).getBytes(StandardCharsets.ISO_8859_1)));
        }
        final String classes = String.join("\n", byClass.keySet()) + "\n";
        entries.add(0, new ModelJar.Entry(SERVICE, classes.getBytes(StandardCharsets.UTF_8)));
        ModelJar.write(output, manifest(input.origin(), byClass.keySet()), entries);
    }

    private static String twice(final TargetInput.Network first, final TargetInput.Network second, final String name) {
        final String a = first.graph().network().name();
        final String b = second.graph().network().name();
        return (a.equals(b) ? "network " + a + " has two train blocks" : "networks " + a + " and " + b
            + " both become class " + name) + "; a jar holds one class per name: choose one with --network";
    }

    private static Manifest manifest(final TargetInput.Origin origin, final Iterable<String> classes) {
        final Manifest manifest = new Manifest();
        final Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(new Attributes.Name("Created-By"), "Locus " + origin.locusVersion());
        main.put(new Attributes.Name("Locus-Models"), String.join(" ", classes));
        main.put(new Attributes.Name("Locus-Source"), origin.source());
        return manifest;
    }
}
