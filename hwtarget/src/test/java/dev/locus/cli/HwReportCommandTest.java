package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.hw.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus hw-report` as a user runs it. */
class HwReportCommandTest {
    static final List<String> FIELDS = List.of("rule", "dram_bytes_per_sample", "sram_bytes_per_sample",
            "peak_activation_bytes", "backward_edge_bytes_per_sample", "cycles_per_sample", "energy_pj_per_sample");

    @TempDir
    Path dir;

    static double number(final String json, final String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.Ee]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void runsOnEveryExampleUnderTheFourStandardRules() throws Exception {
        try (var examples = Files.list(Programs.repository().resolve("examples"))) {
            for (Path example : examples.filter(p -> p.toString().endsWith(".locus")).toList()) {
                CliRun run = CliRun.of("hw-report", example.toString(), "--json");
                assertEquals(0, run.status(), example + ": " + run.err());
                List<String> lines = run.out().lines().toList();
                assertEquals(4, lines.size(), run.out());
                for (int i = 0; i < 4; i++) {
                    String line = lines.get(i);
                    assertTrue(line.startsWith("{\"rule\": \"" + List.of("local_error", "local_error_sc",
                            "feedback_alignment", "backprop").get(i) + "\""), line);
                    for (String f : FIELDS) {
                        assertTrue(line.contains("\"" + f + "\": "), f + " in " + line);
                    }
                }
                assertEquals(0, number(lines.get(0), "backward_edge_bytes_per_sample"));
                assertTrue(number(lines.get(3), "backward_edge_bytes_per_sample") > 0, lines.get(3));
                assertTrue(number(lines.get(3), "peak_activation_bytes") > number(lines.get(0),
                        "peak_activation_bytes"), example.toString());
                assertTrue(number(lines.get(3), "dram_ratio") >= 1, lines.get(3));
            }
        }
    }

    @Test
    void runsOnConvPoolingConcatenationAndUserRulesAndDrawsThePlot() throws Exception {
        String rules = """

                rule softmax_mse(scale = 1.0) {
                    hidden {
                        fixed B = normal(features(layer.out), classes, scale / sqrt(features(layer.out)))
                        let scores = flatten(layer.out) @ B
                        let error = softmax(scores) - onehot(label, classes)
                        minimize mean(error * error)
                    }
                    output {
                        minimize cross_entropy(layer.out, label)
                    }
                }

                """;
        Path file = dir.resolve("branches.locus");
        Files.writeString(file, Programs.branches("local_error").replace("dense(16) -> relu -> dropout(0.25)",
                "dense(16) -> relu -> dropout(0.25)").replace("layer  pooled = dense(12) -> sigmoid\n", "") + rules);
        Path svg = dir.resolve("rules.svg");
        CliRun run = CliRun.of("hw-report", file.toString(), "--rules",
                "local_error,softmax_mse(scale: 0.5),backprop", "--plot",
                svg.toString(), "--auto-fold", "--lanes", "512", "--costs", "eyeriss", "--clock", "250");
        assertEquals(0, run.status(), run.err());
        String table = run.out();
        for (String rule : List.of("softmax_mse(scale: 0.5)", "backprop")) {
            assertTrue(table.contains("\n" + rule + " "), table);
        }
        assertTrue(table.contains("automatic (512 lanes) folding, 250 MHz, costs eyeriss"), table);
        assertTrue(Files.readString(svg).contains("<svg"), "the plot");

        // LANGUAGE.md's conv-only network under its pooled rule
        Path conv = dir.resolve("conv.locus");
        Files.writeString(conv, """
                rule pooled_local_error(loss = cross_entropy, size = 2) {
                    hidden {
                        let pooled = flatten(avgpool(layer.out, size))
                        fixed B = uniform(features(pooled), classes, 1.0 / sqrt(features(pooled)))
                        minimize loss(pooled @ B, label)
                    }
                    output {
                        minimize loss(layer.out, label)
                    }
                }

                network ConvOnly {
                    input  image : [1, 28, 28]
                    classes 10

                    layer  c1  = conv2d(32, kernel: 5, pad: 2) -> relu -> maxpool(2)
                    layer  c2  = conv2d(64, kernel: 5, pad: 2) -> relu -> maxpool(2)
                    output out = flatten -> dense(classes)
                }

                train ConvOnly {
                    data      fashion_mnist
                    rule      pooled_local_error(loss: smooth_l1, size: 7)
                    optimizer adam(lr: 0.001)
                    batch     64
                    epochs    4
                    seed      2
                }
                """);
        CliRun pooled = CliRun.of("hw-report", conv.toString(), "--rules",
                "pooled_local_error(loss: smooth_l1, size: 7),backprop", "--json");
        assertEquals(0, pooled.status(), pooled.err());
        List<String> lines = pooled.out().lines().toList();
        assertEquals(2, lines.size(), pooled.out());
        assertEquals(0, number(lines.get(0), "backward_edge_bytes_per_sample"));
        assertTrue(number(lines.get(1), "backward_edge_bytes_per_sample") > 0);
    }

    @Test
    void costsComeFromAPresetOrAFileAndABadFileIsAnErrorAtItsLine() throws Exception {
        String quick = Programs.example("quickstart.locus").toString();
        double horowitz = number(CliRun.of("hw-report", quick, "--json", "--rules", "local_error").out(),
                "energy_pj_per_sample");
        Path costs = dir.resolve("costs.txt");
        Files.writeString(costs, "# DRAM at twice the price\ndram = 1280\n");
        double dearDram = number(CliRun.of("hw-report", quick, "--json", "--rules", "local_error", "--costs",
                costs.toString()).out(), "energy_pj_per_sample");
        assertTrue(dearDram > horowitz, dearDram + " vs " + horowitz);
        Files.writeString(costs, "dram = 1280\nflash = 3\n");
        CliRun bad = CliRun.of("hw-report", quick, "--costs", costs.toString());
        assertEquals(Main.USER_ERROR, bad.status());
        assertTrue(bad.err().contains(costs + ":2: unknown cost `flash`"), bad.err());
        CliRun unknownRule = CliRun.of("hw-report", quick, "--rules", "local_error,no_such_rule");
        assertEquals(Main.USER_ERROR, unknownRule.status());
        assertTrue(unknownRule.err().contains("no_such_rule"), unknownRule.err());
        CliRun badPlot = CliRun.of("hw-report", quick, "--plot", "x.png");
        assertEquals(Main.USAGE, badPlot.status());
    }

    @Test
    void comparesAFixedPointPrecisionWithFloat() {
        CliRun run = CliRun.of("hw-report", Programs.example("quickstart.locus").toString(),
                "--rules", "local_error", "--precision", "q8.8", "--compare-precision", "3");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("after 3 steps on the built-in Fashion-MNIST sample, test accuracy on 500 "
                + "images: float32 "), run.out());
        assertTrue(run.out().contains("%, q8.8 "), run.out());
    }
}
