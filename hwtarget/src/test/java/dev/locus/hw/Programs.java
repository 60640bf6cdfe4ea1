package dev.locus.hw;

import dev.locus.compiler.Compilation;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import dev.locus.compiler.ir.IrGraph;
import dev.locus.hw.graph.GraphLowering;
import dev.locus.hw.graph.HwGraph;
import dev.locus.hw.graph.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Programs the tests compile: source text in, verified IR and dataflow graphs out. */
public final class Programs {
    private Programs() {
    }

    /** The repository's folder (the tests run in hwtarget/). */
    public static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("hwtarget") ? here.getParent() : here;
    }

    public static Path example(final String name) {
        return repository().resolve("examples").resolve(name);
    }

    /** The IR of the first train block of {@code source}; fails the test with the diagnostics if it does not check. */
    public static IrGraph ir(final String source) {
        Diagnostics d = new Diagnostics();
        var result = Compilation.compile(Path.of("test.locus"), source, d);
        if (result.isEmpty() || result.get().units().isEmpty()) {
            throw new AssertionError(d.sorted().stream().map(TextRenderer::render).collect(Collectors.joining())
                    + "\n" + source);
        }
        return result.get().units().get(0).graph();
    }

    public static HwGraph hw(final String source) {
        return GraphLowering.lower(ir(source), "rule", Precision.FLOAT32);
    }

    /** Local errors through a learned classifier per hidden layer, as examples/rules/local_learned.locus writes it. */
    public static final String LEARNED_RULE = """
            rule learned_classifier(scale = 1.0) {
                hidden {
                    learned C = uniform(features(layer.out), classes, scale / sqrt(features(layer.out)))
                    minimize cross_entropy(flatten(layer.out) @ C, label)
                }
                output {
                    minimize cross_entropy(layer.out, label)
                }
            }
            """;

    /** An MLP of {@code hidden} hidden layers of {@code width} units under {@code rule}. */
    public static String mlp(final int hidden, final int width, final String rule) {
        List<String> layers = new ArrayList<>();
        for (int i = 1; i <= hidden; i++) {
            layers.add("    layer  h" + i + " = " + (i == 1 ? "flatten -> " : "") + "dense(" + width + ") -> relu");
        }
        return """
                network Mlp {
                    input  image : [1, 28, 28]
                    classes 10

                %s
                    output out = dense(classes)
                }

                train Mlp {
                    data      fashion_mnist
                    rule      %s
                    optimizer adam(lr: 0.001)
                    batch     8
                    seed      3
                }
                """.formatted(String.join("\n", layers), rule);
    }

    /** A conv layer, a branch from the image, their concatenation, pooling and a dense output. */
    public static String branches(final String rule) {
        return """
                network Branches {
                    input  image : [1, 28, 28]
                    classes 10

                    layer  wide                     = conv2d(4, kernel: 3, pad: 1) -> relu
                    layer  narrow from image        = conv2d(2, kernel: 3, pad: 1) -> tanh
                    layer  joined from wide, narrow = maxpool(2) -> flatten -> dense(16) -> relu -> dropout(0.25)
                    layer  pooled = dense(12) -> sigmoid
                    output out                      = dense(classes)
                }

                train Branches {
                    data      fashion_mnist
                    rule      %s
                    optimizer sgd(0.05, momentum: 0.9)
                    batch     4
                    seed      5
                }
                """.formatted(rule);
    }
}
