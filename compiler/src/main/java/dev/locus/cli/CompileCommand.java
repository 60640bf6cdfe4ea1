package dev.locus.cli;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.target.Target;
import dev.locus.compiler.target.TargetInput;
import dev.locus.compiler.target.TargetOption;
import dev.locus.compiler.target.Targets;
import dev.locus.runtime.LocusException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * `locus compile FILE --target NAME -o OUT`: compiles each train block's network (or the one named)
 * and hands them to the target found by that name, which writes OUT.
 */
final class CompileCommand implements Command {
    @Override
    public String name() {
        return "compile";
    }

    @Override
    public String summary() {
        return "compile each train block's network for a target: --target jvm writes a jar for Java programs, --target hw a dataflow graph";
    }

    @Override
    public String arguments() {
        return "FILE --target NAME -o OUT [--network NAME] [--package NAME]";
    }

    @Override
    public Options options() {
        final List<Target> targets = Targets.available();
        final Options options = new Options()
                .addOption(Main.valued("target", "NAME", "what to compile to: " + (targets.isEmpty() ? "(no target "
                        + "found)" : String.join("; ", targets.stream().map(t -> t.name() + ", " + t.description())
                        .toList()))))
                .addOption(org.apache.commons.cli.Option.builder("o").longOpt("output").hasArg().argName("OUT")
                        .desc("the file to write (written whole or not at all: a temporary file renamed over it)")
                        .get())
                .addOption(Main.valued("network", "NAME", "compile only the train block of this network (default: "
                        + "every train block's network)"))
                .addOption(Main.valued("package", "NAME", "the Java package of the generated classes (target jvm; "
                        + "default dev.locus.models)"));
        for (final Target t : targets) {
            for (final TargetOption o : t.options()) {
                if (!options.hasLongOption(o.name())) {
                    final String description = "(target " + t.name() + ") " + o.description();
                    options.addOption(o.valued() ? Main.valued(o.name(), o.argument(), description)
                            : Main.flag(o.name(), description));
                }
            }
        }
        return options;
    }

    /** The values of the target's own flags given on the line; a flag of another target is bad usage. */
    private static Map<String, String> targetOptions(final CommandLine line, final Target target)
            throws UsageException {
        final Set<String> own = new HashSet<>();
        target.options().forEach(o -> own.add(o.name()));
        final Map<String, String> values = new LinkedHashMap<>();
        for (final Target t : Targets.available()) {
            for (final TargetOption o : t.options()) {
                if (!line.hasOption(o.name()) || values.containsKey(o.name())) {
                    continue;
                }
                if (!own.contains(o.name())) {
                    throw new UsageException("--" + o.name() + " is a flag of target " + t.name() + ", not of "
                            + target.name());
                }
                final String value = line.getOptionValue(o.name());
                values.put(o.name(), value == null ? "" : value);
            }
        }
        try {
            target.checkOptions(values);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return values;
    }

    @Override
    public String footer() {
        return "With --target jvm, OUT is a jar holding each network's class (e.g. dev.locus.models.QuickMLP), "
                + "listed in META-INF/services/dev.locus.runtime.model.CompiledModel, and a NAME.properties beside "
                + "it (shapes, batch capacity, layers, rule, seed, origin). It holds no runtime: run it with the "
                + "runtime jar on the class path (see docs/JVM-BACKEND.md). Flags marked (target NAME) are that "
                + "target's own; with --target hw, OUT is a folder: graph.json and graph.dot (see docs/HARDWARE.md).";
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        if (line.getArgList().size() != 1) {
            throw new UsageException(line.getArgList().isEmpty() ? "no file to compile" : "compile takes one file");
        }
        final Target target = target(line.getOptionValue("target"));
        if (!line.hasOption("output")) {
            throw new UsageException("no -o OUT: name the file to write");
        }
        final Path output = Path.of(line.getOptionValue("output"));
        final Optional<String> javaPackage = Optional.ofNullable(line.getOptionValue("package"));
        if (javaPackage.isPresent() && (!SourceVersion.isName(javaPackage.get())
                || javaPackage.get().equals("java") || javaPackage.get().startsWith("java."))) {
            throw new UsageException("--package " + javaPackage.get() + ": not a Java package name one may define "
                    + "classes in (such as com.example.models)");
        }
        final Map<String, String> targetOptions = targetOptions(line, target);
        final Path file = Path.of(line.getArgList().get(0));
        final Diagnostics diagnostics = new Diagnostics();
        final Optional<Compilation.Result> program = Compilation.compile(file, diagnostics);
        for (final Diagnostic d : diagnostics.sorted()) {
            err.print(TextRenderer.render(d));
        }
        if (program.isEmpty()) {
            return Main.USER_ERROR;
        }
        final List<Compilation.Unit> units = chosen(program.get().units(), Optional.ofNullable(
                line.getOptionValue("network")), file);
        final TargetInput input = new TargetInput(units.stream().map(CompileCommand::network).toList(), javaPackage,
                new TargetInput.Origin(Main.version(), file.getFileName().toString(), sha256(file)), targetOptions);
        target.write(input, output);
        out.println("wrote " + output + ": " + String.join(", ", units.stream()
                .map(u -> u.plan().network().name()).toList()) + " for target " + target.name());
        return Main.OK;
    }

    private static Target target(final String name) throws UsageException {
        final String found = Targets.names();
        final String available = found.isEmpty() ? "none is installed" : "available: " + found;
        if (name == null) {
            throw new UsageException("no --target: say what to compile to; " + available);
        }
        return Targets.find(name).orElseThrow(() -> new UsageException("unknown target `" + name + "`; "
                + available));
    }

    /** The train blocks to compile: all, or those of the network named. */
    private static List<Compilation.Unit> chosen(final List<Compilation.Unit> units, final Optional<String> network,
                                                 final Path file) throws UsageException {
        if (units.isEmpty()) {
            throw new LocusException(file + ": no train block: nothing to compile (a network is compiled as its "
                    + "train block says: its batch, rule and seed)");
        }
        if (network.isEmpty()) {
            return units;
        }
        final List<Compilation.Unit> named = units.stream()
                .filter(u -> u.plan().network().name().equals(network.get())).toList();
        if (named.isEmpty()) {
            throw new UsageException("--network " + network.get() + ": no train block of " + file + " trains it; "
                    + "its train blocks train " + String.join(", ", units.stream()
                    .map(u -> u.plan().network().name()).distinct().toList()));
        }
        return named;
    }

    private static TargetInput.Network network(final Compilation.Unit unit) {
        final TrainingPlan plan = unit.plan();
        return new TargetInput.Network(unit.graph(), plan.rule().rule().name().text(), plan.epochs());
    }

    private static String sha256(final Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (final IOException e) {
            throw new LocusException(file + ": cannot read it again to record its hash: " + e.getMessage(), e);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
