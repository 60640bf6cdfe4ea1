package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalityCommandTest {
    private static final String NETWORK = """
            network N {
                input image : [1, 8, 8]
                classes 3
                layer c1 = conv2d(2, kernel: 3) -> relu
                layer fc1 = flatten -> dense(6) -> tanh
                output out = dense(classes)
            }
            train N {
                data idx(images: "a", labels: "b", test_images: "c", test_labels: "d")
                rule %s
                optimizer sgd(0.1)
            }
            """;

    @TempDir
    Path dir;

    private Path write(final String source) throws IOException {
        Path file = dir.resolve("net.locus");
        Files.writeString(file, source);
        return file;
    }

    private CliRun check(final String rule, final String... flags) throws IOException {
        Path file = write(NETWORK.formatted(rule));
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(List.of(flags));
        args.add(file.toString());
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local_error", "local_error_sc", "local_error(loss: mse)"})
    void localRulesPassRequireLocalAndAreExplainedAsLocal(final String rule) throws IOException {
        assertEquals(0, check(rule, "--require-local").status());
        CliRun explained = check(rule, "--explain-locality");
        assertEquals(0, explained.status());
        String name = rule.replaceAll("\\(.*", "");
        String fixed = name.equals("local_error_sc") ? "c1.B, c1.F" : "c1.B";
        String fixed1 = fixed.replace("c1.", "fc1.");
        assertEquals("network N under rule " + name + ": local (no update block reads a later layer)\n"
                + "  c1: reads its input (the images), its forward values, its parameters (c1.weight, c1.bias), its fixed "
                + "tensors (" + fixed + "), the labels, its own update values\n"
                + "  fc1: reads its forward values, its parameters (fc1.weight, fc1.bias), "
                + "its fixed tensors (" + fixed1 + "), the labels, its own update values\n"
                + "  out: reads its input (the output of fc1), its forward values, its parameters (out.weight, out.bias), "
                + "the labels, its own update values\n"
                + dir.resolve("net.locus") + ": ok (1 network, 1 train block)\n", explained.out());
    }

    @Test
    void backpropIsExplainedInTheProgramsNamesWithTheWeightsItSendsDown() throws IOException {
        CliRun explained = check("backprop", "--explain-locality");
        assertEquals(0, explained.status(), explained.err());
        String propagate = "by rule backprop's `propagate(feedback: transpose)` at <stdlib>/rules.locus:28";
        assertEquals("network N under rule backprop: 4 cross-layer backward edges (2 of errors, 2 of weights)\n"
                + "  c1: reads its input (the images), its forward values, its parameters (c1.weight, c1.bias), its own "
                + "update values, the error of fc1, the weights of fc1 (fc1.weight)\n"
                + "  fc1: reads its forward values, its parameters (fc1.weight, fc1.bias), "
                + "its own update values, the error of out, the weights of out (out.weight)\n"
                + "  out: reads its input (the output of fc1), its forward values, its parameters (out.weight, out.bias), "
                + "the labels, its own update values\n"
                + "  edge fc1 -> c1: c1 reads the error of layer `fc1`, " + propagate + "\n"
                + "  edge fc1 -> c1: c1 reads the weights `fc1.weight` of layer `fc1`, " + propagate + "\n"
                + "  edge out -> fc1: fc1 reads the error of layer `out`, " + propagate + "\n"
                + "  edge out -> fc1: fc1 reads the weights `out.weight` of layer `out`, " + propagate + "\n"
                + dir.resolve("net.locus") + ": ok (1 network, 1 train block)\n", explained.out());
        assertFalse(explained.out().matches("(?s).*(%\\d|\\.update|\\.forward|dmatmul).*"),
                "no IR value or block names: " + explained.out());
    }

    @Test
    void feedbackAlignmentSendsErrorsButNoWeights() throws IOException {
        CliRun explained = check("feedback_alignment", "--explain-locality");
        assertTrue(explained.out().startsWith("network N under rule feedback_alignment: 2 cross-layer backward edges "
                + "(2 of errors, 0 of weights)\n"), explained.out());
        assertTrue(explained.out().contains("  fc1: reads its forward values, its "
                + "parameters (fc1.weight, fc1.bias), its fixed tensors (fc1.feedback.weight), its own update values, the error "
                + "of out\n"), explained.out());
        assertFalse(explained.out().contains("weights of"), explained.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"backprop", "feedback_alignment"})
    void nonLocalRulesFailRequireLocalWithOneErrorPerEdgeAtThePropagateLine(final String rule) throws IOException {
        CliRun r = check(rule, "--require-local");
        assertEquals(1, r.status(), r.err());
        String at = "<stdlib>/rules.locus:" + (rule.equals("backprop") ? 28 : 34) + ":14: error: rule " + rule
                + " is not local: the update of layer ";
        List<String> expected = new ArrayList<>(List.of(at + "`c1` reads the error of layer `fc1` (--require-local)",
                at + "`fc1` reads the error of layer `out` (--require-local)"));
        if (rule.equals("backprop")) {
            expected.add(1, at + "`c1` reads the weights `fc1.weight` of layer `fc1` (--require-local)");
            expected.add(at + "`fc1` reads the weights `out.weight` of layer `out` (--require-local)");
        }
        assertEquals(expected, r.err().lines().filter(l -> l.contains(": error: ")).toList(), r.err());
        assertEquals(expected.size(), r.err().lines().filter(l -> l.contains("propagate(feedback:")).count(),
                "each error shows the propagate statement: " + r.err());
        assertEquals(expected.size(), r.err().lines()
                .filter(l -> l.equals(dir.resolve("net.locus") + ":10:5: note: the rule is applied to network N here"))
                .count(), "each has a note at the train block's rule line: " + r.err());
        assertTrue(r.err().endsWith(expected.size() + " errors\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void everyEdgeOfADeepNetworkIsAnErrorNotOnlyTheFirstAtTheLine() throws IOException {
        Path file = write("""
                rule bp {
                    hidden { propagate(feedback: transpose) }
                    output { minimize cross_entropy(layer.out, label) }
                }
                network Deep {
                    input image : [1, 4, 4]
                    classes 2
                    layer h1 = flatten -> dense(5) -> relu
                    layer h2 = dense(5) -> relu
                    layer h3 = dense(5) -> relu
                    output out = dense(classes)
                }
                train Deep {
                    data idx(images: "a", labels: "b", test_images: "c", test_labels: "d")
                    rule bp
                    optimizer sgd(0.1)
                }
                """);
        CliRun r = CliRun.of("check", "--require-local", file.toString());
        String at = file + ":2:14: error: rule bp is not local: the update of layer ";
        assertEquals(List.of(at + "`h1` reads the error of layer `h2` (--require-local)",
                at + "`h1` reads the weights `h2.weight` of layer `h2` (--require-local)",
                at + "`h2` reads the error of layer `h3` (--require-local)",
                at + "`h2` reads the weights `h3.weight` of layer `h3` (--require-local)",
                at + "`h3` reads the error of layer `out` (--require-local)",
                at + "`h3` reads the weights `out.weight` of layer `out` (--require-local)"),
                r.err().lines().filter(l -> l.contains(": error: ")).toList(), r.err());
        assertTrue(r.err().endsWith("6 errors\n"), r.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void underJsonTheExplanationIsOneObjectPerTrainBlockAndStandardOutputIsPureJson() throws IOException {
        Path file = write(NETWORK.formatted("backprop") + """
                network M {
                    input image : [1, 4, 4]
                    classes 2
                    layer h = flatten -> dense(3) -> relu
                    output out = dense(classes)
                }
                train M {
                    data idx(images: "a", labels: "b", test_images: "c", test_labels: "d")
                    rule local_error
                    optimizer sgd(0.1)
                }
                """);
        CliRun r = CliRun.of("check", "--json", "--explain-locality", file.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<Map<String, Object>> objects = r.out().lines().map(Json::object).toList();
        assertEquals(2, objects.size(), r.out());

        Map<String, Object> bp = objects.get(0);
        assertEquals("N", bp.get("network"));
        assertEquals("backprop", bp.get("rule"));
        assertEquals(List.of(file.toString(), 10.0, 5.0), List.of(bp.get("file"), bp.get("line"), bp.get("column")));
        assertEquals(Boolean.FALSE, bp.get("local"));
        List<Map<String, Object>> layers = (List<Map<String, Object>>) bp.get("layers");
        assertEquals(List.of("c1", "fc1", "out"), layers.stream().map(l -> l.get("name")).toList());
        assertEquals(List.of(Map.of("kind", "images", "names", List.of()),
                Map.of("kind", "forward", "layer", "c1", "names", List.of()),
                Map.of("kind", "parameters", "layer", "c1", "names", List.of("c1.weight", "c1.bias")),
                Map.of("kind", "update", "layer", "c1", "names", List.of()),
                Map.of("kind", "error", "layer", "fc1", "names", List.of()),
                Map.of("kind", "weight", "layer", "fc1", "names", List.of("fc1.weight"))),
                ((List<Map<String, Object>>) layers.get(0).get("reads")).stream().map(LocalityCommandTest::withoutNull)
                        .toList());
        List<Map<String, Object>> edges = (List<Map<String, Object>>) bp.get("edges");
        assertEquals(List.of("fc1 -> c1 error []", "fc1 -> c1 weight [fc1.weight]", "out -> fc1 error []",
                "out -> fc1 weight [out.weight]"), edges.stream().map(e -> e.get("from_layer") + " -> " + e.get("to_layer")
                + " " + e.get("kind") + " " + e.get("parameters")).toList());
        for (Map<String, Object> e : edges) {
            assertEquals(List.of("propagate(feedback: transpose)", "<stdlib>/rules.locus", 28.0, 14.0),
                    List.of(e.get("statement"), e.get("file"), e.get("line"), e.get("column")));
        }

        Map<String, Object> local = objects.get(1);
        assertEquals(List.of("M", "local_error", Boolean.TRUE, List.of(), 21.0), List.of(local.get("network"),
                local.get("rule"), local.get("local"), local.get("edges"), local.get("line")));
    }

    /** A read without its "layer": null (the images and the labels), to compare with Map.of. */
    private static Map<String, Object> withoutNull(final Map<String, Object> read) {
        assertTrue(read.containsKey("layer"), "every read has a layer, null or not: " + read);
        Map<String, Object> out = new java.util.LinkedHashMap<>(read);
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    @Test
    void underJsonTheDiagnosticsOfRequireLocalAndTheExplanationShareStandardOutput() throws IOException {
        CliRun r = check("backprop", "--json", "--explain-locality", "--require-local");
        assertEquals(1, r.status());
        assertEquals("", r.err());
        List<Map<String, Object>> objects = r.out().lines().map(Json::object).toList();
        assertEquals(5, objects.size(), r.out());
        assertEquals("N", objects.get(0).get("network"));
        for (Map<String, Object> d : objects.subList(1, 5)) {
            assertEquals(List.of("error", "L610", 28.0),
                    List.of(d.get("severity"), d.get("code"), d.get("line")), d.toString());
        }
    }
}
