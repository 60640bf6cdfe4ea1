package dev.locus.compiler.fmt;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.Import;
import dev.locus.compiler.ast.Name;
import dev.locus.compiler.ast.NetworkStmt;
import dev.locus.compiler.ast.OpCall;
import dev.locus.compiler.ast.Param;
import dev.locus.compiler.ast.Program;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.ast.TrainSetting;
import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Random ASTs of everything the grammar can say: the generator side of {@code parse(fmt(ast)) == ast}.
 * Every tree is one the parser could have built (names are never keywords, numbers are valid
 * literals, a train setting's value has the form its key allows), but not necessarily one that
 * checks: the formatter must not care.
 */
final class ProgramGen {
    private static final Span AT = Span.synthetic("generated");

    /** Some start with a keyword, to catch a printer that glues tokens together. */
    private static final List<String> IDENTIFIERS = List.of("a", "b", "x", "B", "_", "fc1", "image", "relu", "dense",
            "networks", "inputs", "layer2", "output_", "from_", "hidden1", "lets", "epochs_", "label", "in", "out");
    /** The keywords that may name an argument ({@code layerwise(epochs: 3)}). */
    private static final List<String> ARG_KEYWORDS = List.of("epochs", "batch", "seed", "classes", "input", "output",
            "data", "rule", "layer", "hidden");
    private static final List<String> NUMBERS = List.of("0", "10", "1024", "0.5", "5e-4", "1.0e3", "3E+2", "007", "0.0001");
    /** Characters a string may hold, escapes and comment-like text included. */
    private static final List<String> STRING_PIECES = List.of("a", "Z", " ", "/", ".", "\"", "\\", "\n", "\r", "\t", "é",
            "…", "{", "}", "//", "/*", "*/", "->");
    private static final List<String> CALL_KEYS = List.of("data", "rule", "optimizer", "schedule");
    private static final List<String> VALUE_KEYS = List.of("batch", "epochs", "seed");

    private ProgramGen() {
    }

    static Gen<Program> programs() {
        return in -> new Program(AT, listOf(in, 0, 2, () -> new Import(AT, string(in))),
                listOf(in, 0, 4, () -> decl(in)));
    }

    private static Decl decl(final RandomnessSource in) {
        return switch (between(in, 0, 3)) {
            case 0 -> new Decl.Network(AT, name(in), listOf(in, 0, 7, () -> networkStmt(in)));
            case 1 -> new Decl.Block(AT, name(in), params(in), pipeline(in));
            case 2 -> new Decl.Rule(AT, name(in), params(in), listOf(in, 0, 3, () -> section(in)));
            default -> new Decl.Train(AT, name(in), listOf(in, 0, 8, () -> setting(in)));
        };
    }

    // ------------------------------------------------------------ networks and blocks

    private static NetworkStmt networkStmt(final RandomnessSource in) {
        return switch (between(in, 0, 4)) {
            case 0 -> new NetworkStmt.Input(AT, name(in), listOf(in, 1, 4, () -> expr(in, 1)));
            case 1 -> new NetworkStmt.Classes(AT, expr(in, 1));
            default -> new NetworkStmt.Layer(AT, bool(in), name(in), listOf(in, 0, 2, () -> name(in)), pipeline(in));
        };
    }

    private static List<OpCall> pipeline(final RandomnessSource in) {
        return listOf(in, 1, 4, () -> new OpCall(AT, name(in), args(in, 2)));
    }

    private static List<Param> params(final RandomnessSource in) {
        return listOf(in, 0, 3, () -> new Param(AT, name(in), bool(in) ? expr(in, 2) : null));
    }

    // ------------------------------------------------------------ rules and training

    private static RuleSection section(final RandomnessSource in) {
        RuleSection.Kind kind = bool(in) ? RuleSection.Kind.HIDDEN : RuleSection.Kind.OUTPUT;
        return new RuleSection(AT, kind, listOf(in, 0, 4, () -> ruleStmt(in)));
    }

    private static RuleStmt ruleStmt(final RandomnessSource in) {
        return switch (between(in, 0, 4)) {
            case 0 -> new RuleStmt.Fixed(AT, name(in), expr(in, 3));
            case 4 -> new RuleStmt.Learned(AT, name(in), expr(in, 3));
            case 1 -> new RuleStmt.Let(AT, name(in), expr(in, 3));
            case 2 -> new RuleStmt.Minimize(AT, expr(in, 3));
            default -> new RuleStmt.Propagate(AT, args(in, 2));
        };
    }

    /** {@code data}, {@code rule}, {@code optimizer} and {@code schedule} take a name or a call; the rest an expression. */
    private static TrainSetting setting(final RandomnessSource in) {
        if (bool(in)) {
            Name key = new Name(AT, pick(in, CALL_KEYS));
            Expr value = bool(in) ? new Expr.Ref(AT, identifier(in)) : new Expr.Call(AT, name(in), args(in, 2));
            return new TrainSetting(AT, key, value);
        }
        return new TrainSetting(AT, new Name(AT, pick(in, VALUE_KEYS)), expr(in, 2));
    }

    // ------------------------------------------------------------ expressions

    private static Expr expr(final RandomnessSource in, final int depth) {
        int kind = between(in, 0, depth == 0 ? 2 : 7);
        return switch (kind) {
            case 0 -> new Expr.Number(AT, pick(in, NUMBERS));
            case 1 -> new Expr.Str(AT, string(in));
            case 2 -> new Expr.Ref(AT, pick(in, List.of("classes", "layer", identifier(in))));
            case 3, 4 -> new Expr.Binary(AT, pick(in, List.of(Expr.BinaryOp.values())), expr(in, depth - 1),
                    expr(in, depth - 1));
            case 5 -> new Expr.Neg(AT, expr(in, depth - 1));
            case 6 -> new Expr.Field(AT, expr(in, depth - 1), name(in));
            default -> new Expr.Call(AT, name(in), args(in, depth - 1));
        };
    }

    private static List<Arg> args(final RandomnessSource in, final int depth) {
        return listOf(in, 0, 3, () -> {
            Name argName = switch (between(in, 0, 2)) {
                case 0 -> null;
                case 1 -> name(in);
                default -> new Name(AT, pick(in, ARG_KEYWORDS));
            };
            return new Arg(AT, argName, expr(in, depth));
        });
    }

    private static String string(final RandomnessSource in) {
        StringBuilder s = new StringBuilder();
        for (String piece : listOf(in, 0, 6, () -> pick(in, STRING_PIECES))) {
            s.append(piece);
        }
        return s.toString();
    }

    // ------------------------------------------------------------ choices

    private static Name name(final RandomnessSource in) {
        return new Name(AT, identifier(in));
    }

    private static String identifier(final RandomnessSource in) {
        return pick(in, IDENTIFIERS);
    }

    private static boolean bool(final RandomnessSource in) {
        return between(in, 0, 1) == 1;
    }

    private static int between(final RandomnessSource in, final int min, final int max) {
        return Generate.range(min, max).generate(in);
    }

    private static <T> T pick(final RandomnessSource in, final List<T> choices) {
        return choices.get(between(in, 0, choices.size() - 1));
    }

    private static <T> List<T> listOf(final RandomnessSource in, final int min, final int max, final Supplier<T> element) {
        int n = between(in, min, max);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.get());
        }
        return out;
    }
}
