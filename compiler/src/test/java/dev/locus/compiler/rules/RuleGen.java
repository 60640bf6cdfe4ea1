package dev.locus.compiler.rules;

import static dev.locus.compiler.rules.NetworkGen.between;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Random user rules in Locus source that check on any network {@link NetworkGen} makes: a hidden
 * section of a fixed or learned classifier ({@code uniform}, {@code normal}, a {@code sign_concordant}
 * copy read through {@code fa_matmul}), {@code let}s, one or two {@code minimize} of sums of losses and
 * rule arithmetic, and sometimes {@code propagate} (transpose or random feedback); an output
 * section of a loss and sometimes a second term. Pooling in a rule needs every hidden layer to
 * be a feature map of at least 2 x 2 ({@link NetworkGen#convNetworks()}), so it is asked for.
 */
public final class RuleGen {
    static final String NAME = "generated";
    private static final List<String> LOSSES = List.of("cross_entropy", "mse", "square_hinge", "smooth_l1");

    /**
     * A generated rule.
     *
     * @param source its declaration
     * @param call   what a train block's {@code rule} setting says to use it
     */
    public record Rule(String source, String call) {
        @Override
        public String toString() {
            return source + "// rule " + call + "\n";
        }
    }

    private RuleGen() {
    }

    /**
     * Rules whose hidden classifier reads {@code layer.out} as it is, or pooled when {@code pooling}.
     * With {@code constantFactors}, a loss or a whole term may also be scaled by a constant
     * ({@code weight * (...)}, {@code ... / 4}, {@code ... * mean(layer.in * layer.in)}); without,
     * constants scale only elements inside a term ({@code mean(s * s / 10)}).
     */
    public static Gen<Rule> rules(final boolean pooling, final boolean constantFactors) {
        return in -> generate(in, pooling, constantFactors);
    }

    private static Rule generate(final RandomnessSource in, final boolean pooling, final boolean factors) {
        StringBuilder s = new StringBuilder("rule " + NAME + "(scale = 1.0, weight = 0.5) {\n    hidden {\n");
        boolean local = between(in, 0, 4) > 0;
        if (local) {
            hiddenLoss(in, pooling, factors, s);
        }
        if (!local || between(in, 0, 2) == 0) {
            s.append("        propagate(feedback: ").append(between(in, 0, 1) == 0 ? "transpose" : "random(scale)")
                    .append(")\n");
        }
        s.append("    }\n    output {\n");
        String first = pick(in, LOSSES) + "(layer.out, label)";
        List<String> extra = List.of("mean(relu(-layer.out))", "mse(softmax(layer.out), label)",
                factors ? "mean(layer.out * layer.out) / 100" : "mean(layer.out * layer.out / 100)",
                "mean(layer.out * onehot(label, classes))", "mean(sqrt(layer.out * layer.out + 1))");
        String second = "";
        if (between(in, 0, 1) == 1) {
            String sign = between(in, 0, 1) == 0 ? " + " : " - ";
            second = sign + (factors ? "weight * " : "") + pick(in, extra);
        }
        s.append("        minimize ").append(first).append(second).append("\n    }\n}\n");
        String call = switch (between(in, 0, 3)) {
            case 0 -> NAME;
            case 1 -> NAME + "(scale: 0.8)";
            case 2 -> NAME + "(weight: 0.25)";
            default -> NAME + "(scale: 1.5, weight: 1.0)";
        };
        return new Rule(s.toString(), call);
    }

    /** A fixed or learned classifier, lets and one or two minimize of the hidden section. */
    private static void hiddenLoss(final RandomnessSource in, final boolean pooling, final boolean factors,
                                   final StringBuilder s) {
        String x = "layer.out";
        if (pooling && between(in, 0, 1) == 0) {
            x = (between(in, 0, 1) == 0 ? "avgpool" : "maxpool") + "(layer.out, 2)";
        }
        String bound = "scale / sqrt(features(" + x + "))";
        // A third of the classifiers are learned: trained with the layer, and read by the first minimize.
        String statement = between(in, 0, 2) == 0 ? "learned" : "fixed";
        s.append("        ").append(statement).append(" B = ").append(between(in, 0, 1) == 0 ? "uniform" : "normal")
                .append("(features(")
                .append(x).append("), classes, ").append(bound).append(")\n");
        if (between(in, 0, 2) == 0) {
            s.append("        fixed F = sign_concordant(B, 0.5)\n");
            s.append("        let s = fa_matmul(flatten(").append(x).append("), B, F)\n");
        } else {
            s.append("        let s = flatten(").append(x).append(") @ B\n");
        }
        s.append("        let y = onehot(label, classes)\n");
        String loss = pick(in, LOSSES) + "(s, label)";
        String scaledLoss = factors && between(in, 0, 2) == 0
                ? loss + " * mean(flatten(layer.in) * flatten(layer.in))" : loss;
        List<String> terms = List.of(
                loss,
                "mean((softmax(s) - y) * (softmax(s) - y))",
                factors ? "-sum(log_softmax(s) * y) / 4" : "-sum(log_softmax(s) * y / 4)",
                "mean(sqrt(s * s + 1) / (2 + abs(s)))",
                "mean((s - mean(s)) * (s - mean(s)))",
                factors ? "mean(relu(s) * sign(s)) / 2" : "mean(relu(s) * sign(s) / 2)",
                factors ? "mean(s * s) / 10" : "mean(s * s / 10)",
                factors ? "mean(flatten(layer.out) * flatten(layer.out)) / 100"
                        : "mean(flatten(layer.out) * flatten(layer.out) / 100)");
        int minimizes = between(in, 1, 2);
        for (int i = 0; i < minimizes; i++) {
            // The first term is a loss against the labels, so that the layer learns something.
            List<String> sum = new ArrayList<>();
            sum.add(i == 0 ? scaledLoss : pick(in, terms));
            if (between(in, 0, 1) == 0) {
                sum.add(pick(in, terms));
            }
            s.append("        minimize ").append(sum.get(0));
            for (int t = 1; t < sum.size(); t++) {
                s.append(factors && between(in, 0, 1) == 0 ? " + weight * (" + sum.get(t) + ")" : " + " + sum.get(t));
            }
            s.append('\n');
        }
    }

    private static String pick(final RandomnessSource in, final List<String> from) {
        return from.get(between(in, 0, from.size() - 1));
    }
}
