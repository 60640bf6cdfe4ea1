package dev.locus.cli;

import dev.locus.runtime.LocusException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;

/**
 * The `locus` command line. Exit status: 0 success, 1 a problem in the user's program or data
 * (with a message), 2 bad usage, 3 an internal error (a bug in Locus; LOCUS_DEBUG=1 shows the trace).
 */
public final class Main {
    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    Main() {
        this(withInstalled(List.of(new CheckCommand(), new FmtCommand(), new TrainCommand(), new EvalCommand(),
                new CompileCommand(), new PlotCommand(), new BenchCommand())));
    }

    /** The built-in commands, then those the class path declares as services, sorted by name. */
    private static List<Command> withInstalled(final List<Command> builtIn) {
        final List<Command> all = new ArrayList<>(builtIn);
        final List<Command> installed = new ArrayList<>();
        ServiceLoader.load(Command.class).forEach(installed::add);
        installed.sort(Comparator.comparing(Command::name));
        for (final Command c : installed) {
            if (all.stream().noneMatch(b -> b.name().equals(c.name()))) {
                all.add(c);
            }
        }
        return all;
    }

    /** A command line of these commands (tests give their own). */
    Main(final List<Command> commands) {
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    public static void main(final String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int status = new Main().run(args, out, err);
        out.flush();
        System.exit(status);
    }

    int run(final String[] args, final PrintStream out, final PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            if (args.length > 1 && commands.containsKey(args[1])) {
                help(commands.get(args[1]), out);
                return OK;
            }
            overview(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        if (args[0].equals("--version")) {
            out.println("locus " + version());
            return OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("locus: unknown command `" + args[0] + "`; commands: " + String.join(", ", commands.keySet()));
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            help(command, out);
            return OK;
        }
        try {
            CommandLine line = new DefaultParser().parse(command.options(), rest);
            return command.run(line, out, err);
        } catch (ParseException | UsageException e) {
            err.println("locus " + command.name() + ": " + e.getMessage());
            err.println("usage: locus " + command.name() + " " + command.arguments() + "   (locus " + command.name()
                    + " --help for more)");
            return USAGE;
        } catch (LocusException e) {
            err.println("locus " + command.name() + ": " + e.getMessage());
            return USER_ERROR;
        } catch (OutOfMemoryError e) {
            // Not a bug: the run was larger than the heap (the train command refuses what it can foresee).
            err.println("locus " + command.name() + ": " + HeapAdvice.outOfMemory(command.name()));
            return USER_ERROR;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("locus " + command.name() + ": internal error: " + e
                    + " (this is a bug in Locus; run with LOCUS_DEBUG=1 for the stack trace)");
            if (System.getenv("LOCUS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return INTERNAL;
        }
    }

    private void overview(final PrintStream out) {
        out.println("usage: locus COMMAND [OPTIONS] ARGS");
        out.println();
        out.println("Locus compiles networks and their learning rules (see `locus COMMAND --help`).");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("exit status: 0 success, 1 a problem in the program or data, 2 bad usage, 3 an internal error");
    }

    private static void help(final Command c, final PrintStream out) {
        @SuppressWarnings("deprecation")
        HelpFormatter f = new HelpFormatter();
        f.printHelp(new java.io.PrintWriter(out, true), 100, "locus " + c.name() + " " + c.arguments(),
                c.summary(), c.options(), 2, 4, c.footer(), false);
    }

    public static Option flag(final String name, final String description) {
        return Option.builder().longOpt(name).desc(description).get();
    }

    public static Option valued(final String name, final String arg, final String description) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).get();
    }

    /** The version of Locus running, as `locus --version` prints it. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
