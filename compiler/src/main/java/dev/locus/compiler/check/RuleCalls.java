package dev.locus.compiler.check;

import dev.locus.compiler.ast.Expr;
import dev.locus.compiler.diag.Code;
import java.math.BigInteger;
import java.util.Optional;

/** The type of each built-in function of LANGUAGE.md §6, given the types of its arguments. */
final class RuleCalls {
    private final RuleShapeCheck check;
    private final Expr.Call call;
    private final String name;
    private final RuleType[] args;

    RuleCalls(final RuleShapeCheck check, final Expr.Call call, final String name, final RuleType[] args) {
        this.check = check;
        this.call = call;
        this.name = name;
        this.args = args;
    }

    Optional<RuleType> type() {
        switch (name) {
            case "flatten":
                return tensor(0).map(t -> new RuleType.Tensor(t.batched(), Shape.of((int) t.shape().size())));
            case "features":
                return tensor(0).map(t -> new RuleType.Num(t.shape().size(), true));
            case "avgpool":
            case "maxpool":
                return pool();
            case "spatial_avgpool":
                return spatialPool();
            case "sqrt":
            case "relu":
            case "sign":
            case "abs":
                return numeric(0);
            case "softmax":
            case "log_softmax":
                return tensor(0).flatMap(t -> t.batched() && t.shape().rank() == 1 ? Optional.of(t)
                        : fail(0, name + " expects a vector [n] per sample, got " + t.describe()));
            case "sum":
            case "mean":
                return tensor(0).map(t -> new RuleType.Tensor(false, Shape.of()));
            case "onehot":
                return labels(0).flatMap(l -> count(1, "classes"))
                        .map(n -> new RuleType.Tensor(true, Shape.of(n)));
            case "uniform":
            case "normal":
                return count(0, "rows").flatMap(r -> count(1, "cols").flatMap(c -> number(2)
                        .flatMap(b -> fixedMatrix(r, c))));
            case "sign_concordant":
                return tensor(0).flatMap(m -> number(1).map(s -> m));
            case "fa_matmul":
                return faMatmul();
            default:
                return loss();
        }
    }

    private Optional<RuleType> pool() {
        Optional<RuleType.Tensor> t = tensor(0);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Shape s = t.get().shape();
        if (s.rank() != 3) {
            return fail(0, name + " expects [c, h, w], got " + t.get().describe());
        }
        Optional<Integer> size = count(1, "size");
        if (size.isEmpty()) {
            return Optional.empty();
        }
        long h = ShapeInference.windowOutput(s.dim(1), size.get(), size.get(), 0);
        long w = ShapeInference.windowOutput(s.dim(2), size.get(), size.get(), 0);
        if (h < 1 || w < 1) {
            return fail(1, name + " of size " + size.get() + " is larger than its input " + s);
        }
        return Optional.of(new RuleType.Tensor(t.get().batched(), Shape.of(s.dim(0), (int) h, (int) w)));
    }

    /**
     * avgpool over the spatial dimensions of an image [c, h, w]; a value without them ([n]) passes
     * unchanged, so that one rule serves a network's conv layers and its dense layers alike.
     */
    private Optional<RuleType> spatialPool() {
        Optional<RuleType.Tensor> t = tensor(0);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        int rank = t.get().shape().rank();
        if (rank == 1) {
            return count(1, "size").map(size -> t.get());
        }
        if (rank != 3) {
            return fail(0, name + " expects an image [c, h, w] or a vector [n], got " + t.get().describe());
        }
        return pool();
    }

    /** A fixed tensor is drawn whole: its rows times its columns must fit one tensor. */
    private Optional<RuleType> fixedMatrix(final int rows, final int cols) {
        BigInteger elements = TensorLimit.product(rows, cols);
        if (!TensorLimit.fits(elements)) {
            return check.error(Code.PARAMETER_COUNT, call, name + " would draw a matrix " + TensorLimit.dims(rows, cols)
                    + " of " + TensorLimit.tooMany(elements, "elements"));
        }
        return Optional.of(new RuleType.Tensor(false, Shape.of(rows, cols)));
    }

    private Optional<RuleType> faMatmul() {
        Optional<RuleType.Tensor> x = tensor(0);
        Optional<RuleType.Tensor> m = x.flatMap(v -> tensor(1));
        Optional<RuleType.Tensor> f = m.flatMap(v -> tensor(2));
        if (f.isEmpty()) {
            return Optional.empty();
        }
        if (!f.get().shape().equals(m.get().shape()) || f.get().batched() != m.get().batched()) {
            return fail(2, "the feedback of fa_matmul must have the shape of its matrix " + m.get().describe()
                    + ", got " + f.get().describe());
        }
        Expr.Binary as = new Expr.Binary(call.span(), Expr.BinaryOp.MATMUL, arg(0), arg(1));
        if (!(m.get().shape().rank() == 2 && !m.get().batched())) {
            return fail(1, "the matrix of fa_matmul must be a fixed matrix [k, n], got " + m.get().describe());
        }
        int k = x.get().shape().rank() == 0 ? -1 : x.get().shape().dim(x.get().shape().rank() - 1);
        if (x.get().shape().rank() < 1 || x.get().shape().rank() > 2 || k != m.get().shape().dim(0)) {
            return check.error(Code.RULE_SHAPE, as, "fa_matmul(x, m, feedback) needs x of [k] per sample and m of [k, n]"
                    + ", got " + x.get().describe() + " and " + m.get().describe());
        }
        return check.product(as, x.get(), m.get());
    }

    /** A loss of scores [classes] per sample against the labels: the mean over the batch, a scalar. */
    private Optional<RuleType> loss() {
        Optional<RuleType.Tensor> scores = tensor(0);
        if (scores.isEmpty() || labels(1).isEmpty()) {
            return Optional.empty();
        }
        RuleType.Tensor s = scores.get();
        int classes = (int) ((RuleType.Num) check.lookup("classes")).value();
        if (!s.batched() || !s.shape().equals(Shape.of(classes))) {
            return fail(0, name + " expects scores of [" + classes + "] per sample (one per class), got " + s.describe()
                    + (s.batched() && s.shape().rank() > 1 ? "; flatten it and map it to the classes first" : ""));
        }
        return Optional.of(new RuleType.Tensor(false, Shape.of()));
    }

    // ------------------------------------------------------------ argument kinds

    private Expr arg(final int i) {
        return call.args().get(i).value();
    }

    private Optional<RuleType.Tensor> tensor(final int i) {
        if (args[i] instanceof RuleType.Tensor t) {
            return Optional.of(t);
        }
        return fail(i, name + " expects a tensor here, got " + args[i].describe());
    }

    private Optional<RuleType> numeric(final int i) {
        if (args[i] instanceof RuleType.Tensor || args[i] instanceof RuleType.Num) {
            return Optional.of(args[i] instanceof RuleType.Num n && name.equals("sqrt")
                    ? new RuleType.Num(Math.sqrt(n.value()), false) : args[i]);
        }
        return fail(i, name + " expects a number or a tensor, got " + args[i].describe());
    }

    private Optional<Double> number(final int i) {
        if (args[i] instanceof RuleType.Num n) {
            return Optional.of(n.value());
        }
        return fail(i, name + " expects a number here, got " + args[i].describe());
    }

    private Optional<Integer> count(final int i, final String what) {
        if (args[i] instanceof RuleType.Num n && n.integer() && n.value() >= 1 && n.value() <= Integer.MAX_VALUE) {
            return Optional.of((int) n.value());
        }
        return fail(i, name + " expects a positive integer for `" + what + "`, got "
                + (args[i] instanceof RuleType.Num n ? Value.Values.format(n.value()) : args[i].describe()));
    }

    private Optional<RuleType.Labels> labels(final int i) {
        if (args[i] instanceof RuleType.Labels l) {
            return Optional.of(l);
        }
        return fail(i, name + " expects `label` here, got " + args[i].describe());
    }

    private <T> Optional<T> fail(final int i, final String message) {
        boolean shape = args[i] instanceof RuleType.Tensor || args[i] instanceof RuleType.Num;
        check.error(shape ? Code.RULE_SHAPE : Code.EXPRESSION_TYPE, arg(i), message);
        return Optional.empty();
    }
}
