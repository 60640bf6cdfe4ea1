package dev.locus.compiler.golden;

import static dev.locus.compiler.rules.NetworkGen.between;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.check.CheckedProgram;
import dev.locus.compiler.check.TrainingPlan;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.rules.NetworkGen;
import dev.locus.compiler.rules.RuleGen;
import java.nio.file.Path;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/**
 * Whole programs for the backends to run as they run the golden corpus: a network of
 * {@link NetworkGen} (dropout and initializers included), trained under a standard rule with its
 * options or a rule of {@link RuleGen}, by SGD (momentum, weight decay) or Adam (its betas), in
 * small batches, simultaneously for two epochs or layer by layer; a backend trains it over its
 * {@link SyntheticData} (two full batches and a smaller one per epoch) as the golden corpus's.
 */
final class GeneratedPrograms {
    static final String FILE = "generated.locus";
    private static final String DATA = "idx(images: \"synthetic\", labels: \"synthetic\", test_images: \"synthetic\","
            + " test_labels: \"synthetic\")";
    private static final List<String> STANDARD_RULES = List.of("local_error", "local_error(loss: mse)",
            "local_error(loss: square_hinge, scale: 2.0)", "local_error_sc", "local_error_sc(loss: smooth_l1, spread: 0.25)",
            "backprop", "backprop(loss: mse)", "feedback_alignment", "feedback_alignment(scale: 2.0)");
    private static final List<String> OPTIMIZERS = List.of("sgd(lr: 0.05)", "sgd(lr: 0.05, momentum: 0.9)",
            "sgd(lr: 0.02, weight_decay: 0.01)", "adam(lr: 0.01)", "adam(lr: 0.005, beta1: 0.8, beta2: 0.99)");

    /** A generated program's source; checked and lowered by the property that uses it, so that a failure there shrinks. */
    record Program(String source) {
        /** Its train block; a generated program checks without a single diagnostic. */
        TrainingPlan plan() {
            Diagnostics d = new Diagnostics();
            CheckedProgram p = FrontEnd.check(Path.of(FILE), source, d)
                    .orElseThrow(() -> new AssertionError("does not check: " + d.all() + "\n" + source));
            if (!d.all().isEmpty()) {
                throw new AssertionError("checks with diagnostics: " + d.all() + "\n" + source);
            }
            return p.plans().get(0);
        }

        @Override
        public String toString() {
            return "\n" + source;
        }
    }

    private GeneratedPrograms() {
    }

    static Gen<Program> programs() {
        return GeneratedPrograms::generate;
    }

    private static Program generate(final RandomnessSource in) {
        boolean standard = between(in, 0, 1) == 0;
        boolean pooling = !standard && between(in, 0, 2) == 0;
        NetworkGen.Network network = NetworkGen.withDropoutAndInitializers(
                pooling ? NetworkGen.convNetworks() : NetworkGen.networks()).generate(in);
        String rule;
        String declaration = "";
        if (standard) {
            rule = STANDARD_RULES.get(between(in, 0, STANDARD_RULES.size() - 1));
        } else {
            RuleGen.Rule r = RuleGen.rules(pooling, true).generate(in);
            rule = r.call();
            declaration = r.source() + "\n";
        }
        network = NetworkGen.withoutBiasBeforeBatchnorm(network);
        boolean batchnorm = network.source().contains("batchnorm");
        // Adam only without batchnorm: an error that comes down through a batchnorm sums to 0 over the
        // batch, so a bias or beta below it (through linear ops) has the gradient 0, which float computes
        // as rounding noise and Adam's first step turns into the full learning rate.
        List<String> optimizers = batchnorm ? OPTIMIZERS.subList(0, 3) : OPTIMIZERS;
        String optimizer = optimizers.get(between(in, 0, optimizers.size() - 1));
        // Under batchnorm no batch of 2: the norm maps 2 samples to -1 and 1 whatever they are, so the
        // gradient it passes down is 1 - x^2 of its outputs (about epsilon / variance), which float cannot
        // resolve. Batch 3 ends in a batch of 1 (a norm of 1 sample is exactly beta), 6 in one of 3.
        int batch = batchnorm ? List.of(3, 6).get(between(in, 0, 1)) : between(in, 3, 5);
        if (batchnorm) {
            // Nor a batch whose samples a batchnorm sees all alike: a dropout of 0.5 on a layer of 2 features
            // zeroes a sample's every feature one time in 4, and a norm of equal values divides rounding
            // noise by its epsilon alone.
            network = new NetworkGen.Network(network.source().replace("dropout(0.5)", "dropout(0.2)"),
                    network.layers(), network.convolutional());
        }
        String schedule = between(in, 0, 3) == 0 ? "    schedule  layerwise(epochs: 1)\n" : "    epochs    2\n";
        String source = declaration + network.source() + "\ntrain " + NetworkGen.NAME + " {\n    data      " + DATA
                + "\n    rule      " + rule + "\n    optimizer " + optimizer + "\n    batch     " + batch
                + "\n" + schedule + "    seed      " + between(in, 1, 1000) + "\n}\n";
        return new Program(source);
    }
}
