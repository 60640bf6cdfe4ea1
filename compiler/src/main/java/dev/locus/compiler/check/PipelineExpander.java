package dev.locus.compiler.check;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.ast.OpCall;
import dev.locus.compiler.ast.Param;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a layer's pipeline into resolved ops with shapes: binds each op's arguments, expands
 * blocks in place (their parameters bound to the call's values), and infers shapes op by op.
 * An error inside a block's body is reported at the use, where the values came from, with a
 * note at the op in the block.
 */
final class PipelineExpander {
    private final BlockTable blocks;

    PipelineExpander(final BlockTable blocks) {
        this.blocks = blocks;
    }

    /**
     * The ops, and the output shape if it is known ({@code shape} may be null: an earlier error
     * left it unknown, and then only the arguments are checked).
     */
    Result expand(final List<OpCall> pipeline, final Env env, final Shape shape, final String layer,
                  final Diagnostics diagnostics) {
        List<ResolvedOp> ops = new ArrayList<>();
        Shape current = shape;
        boolean ok = true;
        for (OpCall call : pipeline) {
            Result r = expandOne(call, env, current, layer, diagnostics, call.span());
            ok &= r.ok();
            ops.addAll(r.ops());
            current = r.shape();
        }
        return new Result(ops, current, ok);
    }

    record Result(List<ResolvedOp> ops, Shape shape, boolean ok) {
    }

    private Result expandOne(final OpCall call, final Env env, final Shape in, final String layer,
                             final Diagnostics diagnostics, final Span origin) {
        String name = call.name().text();
        ArgBinder binder = new ArgBinder(diagnostics);
        Optional<Signature> builtin = BuiltinOps.signature(name);
        if (builtin.isPresent()) {
            Optional<Map<String, Value>> args = binder.bind(builtin.get(), call.args(), env, call.span());
            if (args.isEmpty()) {
                return new Result(List.of(), null, false);
            }
            LayerOp op = BuiltinOps.make(name, args.get());
            if (in == null) {
                return new Result(List.of(new ResolvedOp(op, null, null, origin)), null, true);
            }
            Optional<Shape> out = new ShapeInference(diagnostics).infer(op, in, layer, opText(call), call.span());
            return new Result(out.map(o -> List.of(new ResolvedOp(op, in, o, origin))).orElse(List.of()),
                    out.orElse(null), out.isPresent());
        }
        Decl.Block block = blocks.get(name);
        if (block == null) {
            diagnostics.error(Code.UNKNOWN_OP, call.name().span(), "unknown op `" + name + "`"
                    + Names.suggestion(name, blocks.opNames()));
            return new Result(List.of(), null, false);
        }
        if (blocks.isBroken(name)) {
            return new Result(List.of(), null, false); // its own errors were reported once, at the block
        }
        Optional<Env> blockEnv = bindBlock(block, call, env, binder, diagnostics);
        if (blockEnv.isEmpty()) {
            return new Result(List.of(), null, false);
        }
        Diagnostics inner = new Diagnostics();
        Result r = expand(block.pipeline(), blockEnv.get(), in, layer, inner);
        for (Diagnostic d : inner.all()) {
            Diagnostic moved = new Diagnostic(d.severity(), d.code(), call.span(),
                    "in block `" + name + "`: " + d.message(), d.notes());
            diagnostics.add(moved.withNote(d.span(), "inside block `" + name + "`, here"));
        }
        List<ResolvedOp> ops = r.ops().stream()
                .map(o -> new ResolvedOp(o.op(), o.in(), o.out(), origin))
                .toList();
        return new Result(ops, r.shape(), r.ok());
    }

    /** The block's parameters bound to the call's arguments; defaults may use earlier parameters. */
    private Optional<Env> bindBlock(final Decl.Block block, final OpCall call, final Env callerEnv,
                                    final ArgBinder binder, final Diagnostics diagnostics) {
        List<ParamSpec> specs = new ArrayList<>();
        for (Param p : block.params()) {
            specs.add(p.defaultValue() == null ? ParamSpec.required(p.name().text(), ParamSpec.Kind.ANY,
                    ParamSpec.Range.ANY) : ParamSpec.optional(p.name().text(), ParamSpec.Kind.ANY, DEFAULT,
                    ParamSpec.Range.ANY));
        }
        Signature sig = new Signature("block " + block.name().text(), specs);
        Optional<Map<String, Value>> bound = binder.bind(sig, call.args(), callerEnv, call.span());
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        Env env = callerEnv.lookup("classes").map(c -> Env.empty().with("classes", c)).orElse(Env.empty());
        Map<String, Value> values = new LinkedHashMap<>(bound.get());
        for (Param p : block.params()) {
            Value v = values.get(p.name().text());
            if (v == DEFAULT) {
                Optional<Value> d = binder.evaluator().eval(p.defaultValue(), env);
                if (d.isEmpty()) {
                    return Optional.empty();
                }
                v = d.get();
            }
            env = env.with(p.name().text(), v);
        }
        return Optional.of(env);
    }

    /** Marks a parameter left to its default expression, which is evaluated after the others are bound. */
    private static final Value DEFAULT = new Value.Sym("<default>");

    private static String opText(final OpCall call) {
        StringBuilder out = new StringBuilder(call.name().text());
        if (!call.args().isEmpty()) {
            out.append('(');
            for (int i = 0; i < call.args().size(); i++) {
                Arg a = call.args().get(i);
                String text = a.value().span().file().text().substring(a.span().start(), a.span().end());
                out.append(i == 0 ? "" : ", ").append(text);
            }
            out.append(')');
        }
        return out.toString();
    }
}
