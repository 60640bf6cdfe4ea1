package dev.locus.compiler;

import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.lower.Lowering;
import dev.locus.compiler.pass.PassManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Source to verified IR, the one way every command takes: parse, follow imports, check, then for
 * each train block lower its network under its rule and run the passes, each followed by the IR
 * verifier and the locality check.
 */
public final class Compilation {
    private Compilation() {
    }

    /**
     * One train block compiled: its IR graph (verified, optimized) and the checked plan, for the
     * settings that are not the IR's (data, batch, epochs, schedule) and for the spans that
     * messages point at.
     */
    public record Unit(TrainingPlan plan, IrGraph graph) {
    }

    /** A checked program and its train blocks compiled, in the file's order. */
    public record Result(CheckedProgram program, List<Unit> units) {
        public Result {
            units = List.copyOf(units);
        }
    }

    /** The file compiled with the standard passes; empty (and errors in {@code diagnostics}) if it does not check. */
    public static Optional<Result> compile(final Path file, final Diagnostics diagnostics) {
        return FrontEnd.check(file, diagnostics).map(p -> compile(p, PassManager.standard()));
    }

    /** Text already in memory, as if it were the file {@code file}. */
    public static Optional<Result> compile(final Path file, final String text, final Diagnostics diagnostics) {
        return FrontEnd.check(file, text, diagnostics).map(p -> compile(p, PassManager.standard()));
    }

    public static Result compile(final CheckedProgram program, final PassManager passes) {
        return new Result(program, program.plans().stream().map(plan -> new Unit(plan, lower(plan, passes))).toList());
    }

    /** One train block's IR after the standard passes. */
    public static IrGraph lower(final TrainingPlan plan) {
        return lower(plan, PassManager.standard());
    }

    /** One train block's IR after {@code passes}, verified after the lowering and after each pass. */
    public static IrGraph lower(final TrainingPlan plan, final PassManager passes) {
        IrGraph graph = Lowering.lower(plan);
        passes.run(graph);
        return graph;
    }
}
