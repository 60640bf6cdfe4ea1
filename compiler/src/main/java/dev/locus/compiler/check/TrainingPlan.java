package dev.locus.compiler.check;

import dev.locus.compiler.ast.Decl;
import dev.locus.compiler.source.Span;
import java.nio.file.Path;
import java.util.Map;

/** A checked train block: everything the training driver needs, every value known. */
public record TrainingPlan(CheckedNetwork network, RuleBinding rule, Optimizer optimizer, DataSource data, int batch,
                           int epochs, Schedule schedule, long seed, Span span) {

    /** A rule with the train block's arguments bound (defaults filled in). */
    public record RuleBinding(Decl.Rule rule, Map<String, Value> args, Span span) {
        public RuleBinding {
            args = Map.copyOf(args);
        }
    }

    public sealed interface Optimizer {
        double lr();
    }

    public record Sgd(double lr, double momentum, double weightDecay) implements Optimizer {
    }

    public record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {
    }

    /** A named set (`fashion_mnist`, `mnist`, `cifar10`), or IDX files given by path. */
    public sealed interface DataSource {
        Span span();
    }

    public record NamedData(String name, Span span) implements DataSource {
    }

    public record IdxData(Path images, Path labels, Path testImages, Path testLabels, Span span) implements DataSource {
    }

    /** `simultaneous` ({@code epochsPerLayer} 0), or `layerwise(epochs: N)`. */
    public record Schedule(boolean layerwise, int epochsPerLayer) {
    }
}
