package dev.locus.compiler.lower;

import dev.locus.compiler.ast.Arg;
import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.ast.RuleSection;
import dev.locus.compiler.ast.RuleStmt;
import dev.locus.compiler.check.Value;
import dev.locus.compiler.ir.Attrs;
import dev.locus.compiler.ir.IrBlock;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.compiler.ir.IrValue;
import dev.locus.compiler.ir.OpKind;
import dev.locus.compiler.ir.Shape;
import dev.locus.compiler.ir.TensorType;
import dev.locus.compiler.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers one rule section for one layer: `fixed` into the layer's INIT block, `learned` into
 * its INIT block (the first value) and a new parameter of the layer, `let` and `minimize` into
 * its UPDATE block. The expressions were type-checked for this layer already,
 * so this stage trusts their shapes.
 */
final class RuleLowering {
    private final IrGraph graph;
    private final LayerForward layer;
    private final IrBlock update;
    private final Map<String, Operand> scope = new HashMap<>();
    /** The first values of the learned names, which expressions of the INIT block read instead. */
    private final Map<String, Operand> initial = new HashMap<>();
    private final List<IrValue> learned = new ArrayList<>();
    private IrBlock init;
    private IrBlock current;
    private String fixedName;
    private int draws;
    private final List<IrValue> minimized = new ArrayList<>();
    private IrValue scores;

    RuleLowering(final IrGraph graph, final LayerForward layer, final IrBlock update, final int classes,
                 final Map<String, Value> args) {
        this.graph = graph;
        this.layer = layer;
        this.update = update;
        scope.put("classes", Operand.of(classes));
        scope.put("label", Operand.of(graph.labels()));
        scope.put("layer.in", Operand.of(layer.in()));
        scope.put("layer.out", Operand.of(layer.out()));
        args.forEach((name, v) -> scope.put(name, v instanceof Value.Sym s ? Operand.function(s.name())
                : Operand.of(Value.Values.number(v))));
    }

    /** Lowers the section; returns the sum of its `minimize` values, or null if it minimizes nothing. */
    IrValue lower(final RuleSection section) {
        for (RuleStmt stmt : section.body()) {
            if (stmt instanceof RuleStmt.Fixed f) {
                current = initBlock();
                fixedName = f.name().text();
                draws = 0;
                scope.put(fixedName, expr(f.value(), f.span()));
            } else if (stmt instanceof RuleStmt.Learned l) {
                learned(l);
            } else if (stmt instanceof RuleStmt.Let l) {
                current = update;
                scope.put(l.name().text(), expr(l.value(), l.span()));
            } else if (stmt instanceof RuleStmt.Minimize m) {
                current = update;
                minimized.add(expr(m.value(), m.span()).value());
            }
        }
        IrValue total = null;
        for (IrValue v : minimized) {
            total = total == null ? v : update.op(OpKind.ADD, layer.layer() + ".loss", TensorType.scalar(),
                    List.of(total, v), Attrs.NONE, section.span());
        }
        return total;
    }

    /**
     * `learned NAME = EXPR`: EXPR is drawn in the INIT block exactly as a `fixed` tensor of that
     * name would be (same key), and sets the layer's new parameter `learned.NAME`, which the
     * UPDATE block then reads (and trains) wherever NAME appears. In later `fixed` and `learned`
     * expressions NAME stands for that first value: they run once, before any step.
     */
    private void learned(final RuleStmt.Learned l) {
        current = initBlock();
        fixedName = l.name().text();
        draws = 0;
        IrValue first = expr(l.value(), l.span()).value();
        IrValue parameter = graph.addLearned(layer.layer(), fixedName, first.type());
        init.effect(OpKind.INIT_PARAMETER, List.of(parameter, first), Attrs.NONE, l.span());
        initial.put(fixedName, Operand.of(first));
        scope.put(fixedName, Operand.of(parameter));
        learned.add(parameter);
    }

    /** The section's learned tensors (parameters of the layer that only its rule reads), in order. */
    List<IrValue> learned() {
        return List.copyOf(learned);
    }

    /** The class scores given to the first loss, if any: the layer's classifier. */
    IrValue scores() {
        return scores;
    }

    /** Evaluates a number in the rule's scope (a parameter, `classes`, arithmetic): for `random(scale)`. */
    double number(final Expr e, final Span at) {
        current = update;
        return expr(e, at).number();
    }

    private IrBlock initBlock() {
        if (init == null) {
            init = graph.addBlock(layer.layer(), layer.index(), IrBlock.Kind.INIT);
        }
        return init;
    }

    // ------------------------------------------------------------ expressions

    private Operand expr(final Expr e, final Span at) {
        if (e instanceof Expr.Number n) {
            return Operand.of(n.doubleValue());
        }
        if (e instanceof Expr.Ref r) {
            return current == init && initial.containsKey(r.name()) ? initial.get(r.name()) : scope.get(r.name());
        }
        if (e instanceof Expr.Field f) {
            return scope.get("layer." + f.field().text());
        }
        if (e instanceof Expr.Neg n) {
            Operand x = expr(n.operand(), at);
            return x.isNumber() ? Operand.of(-x.number()) : Operand.of(op(OpKind.NEG, x.value().type(),
                    List.of(x.value()), Attrs.NONE, at));
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, at);
        }
        return call((Expr.Call) e, at);
    }

    private Operand binary(final Expr.Binary b, final Span at) {
        Operand l = expr(b.left(), at);
        Operand r = expr(b.right(), at);
        if (l.isNumber() && r.isNumber()) {
            boolean integer = isInteger(b.left()) && isInteger(b.right());
            return Operand.of(switch (b.op()) {
                case ADD -> l.number() + r.number();
                case SUB -> l.number() - r.number();
                case MUL -> l.number() * r.number();
                default -> integer ? (double) ((long) l.number() / (long) r.number()) : l.number() / r.number();
            });
        }
        IrValue x = tensor(l, at);
        IrValue y = tensor(r, at);
        if (b.op() == Expr.BinaryOp.MATMUL) {
            return Operand.of(op(OpKind.MATMUL, matmulType(x, y), List.of(x, y), Attrs.NONE, at));
        }
        OpKind kind = switch (b.op()) {
            case ADD -> OpKind.ADD;
            case SUB -> OpKind.SUB;
            case MUL -> OpKind.MUL;
            default -> OpKind.DIV;
        };
        return Operand.of(op(kind, broadcastType(x.type(), y.type()), List.of(x, y), Attrs.NONE, at));
    }

    private boolean isInteger(final Expr e) {
        if (e instanceof Expr.Number n) {
            return n.isInteger();
        }
        Operand o = e instanceof Expr.Ref r ? scope.get(r.name()) : null;
        if (o != null && o.isNumber()) {
            return o.number() == Math.rint(o.number());
        }
        return e instanceof Expr.Call c && c.callee().text().equals("features");
    }

    private Operand call(final Expr.Call c, final Span at) {
        String name = c.callee().text();
        Operand bound = scope.get(name);
        if (bound != null && bound.function() != null) {
            name = bound.function();
        }
        if (name.equals("features")) {
            return Operand.of(typeOnly(c.args().get(0).value(), at).shape().size());
        }
        List<Operand> a = new ArrayList<>();
        for (Arg arg : c.args()) {
            a.add(expr(arg.value(), at));
        }
        switch (name) {
            case "sqrt":
                return a.get(0).isNumber() ? Operand.of(Math.sqrt(a.get(0).number())) : unary(OpKind.SQRT, a, at);
            case "relu":
                return unary(OpKind.RELU, a, at);
            case "sign":
                return unary(OpKind.SIGN, a, at);
            case "abs":
                return unary(OpKind.ABS, a, at);
            case "softmax":
                return unary(OpKind.SOFTMAX, a, at);
            case "log_softmax":
                return unary(OpKind.LOG_SOFTMAX, a, at);
            case "flatten": {
                TensorType t = a.get(0).value().type();
                return Operand.of(op(OpKind.RESHAPE, new TensorType(t.batched(), Shape.of((int) t.shape().size())),
                        List.of(a.get(0).value()), Attrs.NONE, at));
            }
            case "avgpool":
            case "maxpool":
                return pool(name, a, at);
            case "spatial_avgpool":
                // A vector [n] has no spatial dimensions to pool: it is its own result, and no op runs.
                return a.get(0).value().type().shape().rank() == 1 ? a.get(0) : pool("avgpool", a, at);
            case "sum":
                return Operand.of(op(OpKind.SUM, TensorType.scalar(), List.of(a.get(0).value()), Attrs.NONE, at));
            case "mean":
                return Operand.of(op(OpKind.MEAN, TensorType.scalar(), List.of(a.get(0).value()), Attrs.NONE, at));
            case "onehot": {
                int classes = (int) a.get(1).number();
                return Operand.of(op(OpKind.ONEHOT, TensorType.perSample(Shape.of(classes)), List.of(a.get(0).value()),
                        new Attrs.OneHot(classes), at));
            }
            case "uniform":
            case "normal": {
                int rows = (int) a.get(0).number();
                int cols = (int) a.get(1).number();
                return Operand.of(op(name.equals("uniform") ? OpKind.UNIFORM : OpKind.NORMAL,
                        TensorType.single(Shape.of(rows, cols)), List.of(),
                        new Attrs.Draw(a.get(2).number(), drawKey()), at));
            }
            case "sign_concordant":
                return Operand.of(op(OpKind.SIGN_CONCORDANT, a.get(0).value().type(), List.of(a.get(0).value()),
                        new Attrs.SignConcordant(a.get(1).number(), drawKey()), at));
            case "fa_matmul":
                return Operand.of(op(OpKind.FA_MATMUL, matmulType(a.get(0).value(), a.get(1).value()),
                        List.of(a.get(0).value(), a.get(1).value(), a.get(2).value()), Attrs.NONE, at));
            default:
                return loss(name, a, at);
        }
    }

    private Operand loss(final String name, final List<Operand> a, final Span at) {
        OpKind kind = switch (name) {
            case "cross_entropy" -> OpKind.CROSS_ENTROPY;
            case "mse" -> OpKind.MSE;
            case "square_hinge" -> OpKind.SQUARE_HINGE;
            default -> OpKind.SMOOTH_L1;
        };
        if (scores == null) {
            scores = a.get(0).value();
        }
        return Operand.of(op(kind, TensorType.scalar(), List.of(a.get(0).value(), a.get(1).value()), Attrs.NONE, at));
    }

    private Operand pool(final String name, final List<Operand> a, final Span at) {
        TensorType t = a.get(0).value().type();
        int size = (int) a.get(1).number();
        Shape s = t.shape();
        Shape out = Shape.of(s.dim(0), (int) Shape.windowOutput(s.dim(1), size, size, 0),
                (int) Shape.windowOutput(s.dim(2), size, size, 0));
        return Operand.of(op(name.equals("maxpool") ? OpKind.MAXPOOL : OpKind.AVGPOOL, new TensorType(t.batched(), out),
                List.of(a.get(0).value()), new Attrs.Pool(size, size), at));
    }

    private Operand unary(final OpKind kind, final List<Operand> a, final Span at) {
        IrValue x = tensor(a.get(0), at);
        return Operand.of(op(kind, x.type(), List.of(x), Attrs.NONE, at));
    }

    /** The generator key of a draw: the fixed tensor's name, then name#1, name#2 for further draws in it. */
    private String drawKey() {
        return draws++ == 0 ? fixedName : fixedName + "#" + (draws - 1);
    }

    // ------------------------------------------------------------ types and emission

    /**
     * The type of {@code e}, found by lowering it into a block of a throwaway graph: `features`
     * needs only a shape, and the ops of its argument must not stay behind (in an INIT block,
     * where `fixed` puts them, they would read the layer's forward values before they exist).
     */
    private TensorType typeOnly(final Expr e, final Span at) {
        IrBlock saved = current;
        IrValue savedScores = scores;
        int savedDraws = draws;
        current = new IrGraph(graph.network(), graph.training()).addBlock(layer.layer(), layer.index(), IrBlock.Kind.UPDATE);
        try {
            return tensor(expr(e, at), at).type();
        } finally {
            current = saved;
            scores = savedScores;
            draws = savedDraws;
        }
    }

    private IrValue tensor(final Operand o, final Span at) {
        if (o.value() != null) {
            return o.value();
        }
        return op(OpKind.CONST, TensorType.scalar(), List.of(), new Attrs.Constant(o.number()), at);
    }

    private static TensorType matmulType(final IrValue x, final IrValue m) {
        int[] dims = x.type().shape().dims();
        dims[dims.length - 1] = m.type().shape().dim(1);
        return new TensorType(x.type().batched(), Shape.of(dims));
    }

    private static TensorType broadcastType(final TensorType a, final TensorType b) {
        if (a.isScalar()) {
            return b;
        }
        if (b.isScalar()) {
            return a;
        }
        return new TensorType(a.batched() || b.batched(), a.shape());
    }

    private IrValue op(final OpKind kind, final TensorType type, final List<IrValue> inputs,
                       final Attrs attrs, final Span at) {
        String name = layer.layer() + "." + (current == init && init != null ? fixedName : kind.name().toLowerCase(java.util.Locale.ROOT));
        return current.op(kind, name, type, inputs, attrs, at);
    }
}
