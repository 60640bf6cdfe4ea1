package dev.locus.cli;

import dev.locus.runtime.bench.KernelBench;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** `locus bench kernels`: the measured speed of the runtime's kernels (GFLOP/s per kernel, size and thread count). */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure speed: `kernels` gives GFLOP/s per kernel, size and thread count";
    }

    @Override
    public String arguments() {
        return "kernels [--json] [--threads N] [--only WHAT] [--quick]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Main.flag("json", "one JSON object per measurement"))
                .addOption(Main.valued("threads", "N", "measure only with N threads (default: 1 and all cores)"))
                .addOption(Main.valued("only", "WHAT", "sgemm, conv, peak or all (default)"))
                .addOption(Main.flag("quick", "a short run (fewer repetitions): a smoke test, not a measurement"));
    }

    @Override
    public int run(final CommandLine line, final PrintStream out, final PrintStream err) throws UsageException {
        List<String> what = line.getArgList();
        if (what.size() != 1 || !what.get(0).equals("kernels")) {
            throw new UsageException(what.isEmpty() ? "say what to measure: `kernels`"
                    : "cannot measure `" + String.join(" ", what) + "`; `kernels` is what exists");
        }
        List<String> args = new ArrayList<>();
        if (line.hasOption("json")) {
            args.add("--json");
        }
        if (line.hasOption("quick")) {
            args.add("--quick");
        }
        if (line.hasOption("only")) {
            args.add("--only");
            args.add(line.getOptionValue("only"));
        }
        if (line.hasOption("threads")) {
            String n = line.getOptionValue("threads");
            try {
                if (Integer.parseInt(n) < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--threads takes a whole number >= 1, got `" + n + "`");
            }
            args.add("--threads");
            args.add(n);
        }
        int status = KernelBench.run(args.toArray(String[]::new), out);
        return status == 0 ? Main.OK : Main.USAGE;
    }
}
