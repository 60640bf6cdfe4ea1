package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** `locus plot` and `locus train --plot`: pictures that open, of the size asked, naming every series. */
class PlotCommandTest {
    @TempDir
    Path dir;

    /** Two epochs of `train --json` lines of a network under a rule (backprop: no local loss in fc1). */
    private Path run(final String name, final boolean local) throws IOException {
        String fc1 = local ? "\"local_loss\":0.9,\"local_accuracy\":0.61" : "\"local_loss\":null,\"local_accuracy\":null";
        StringBuilder text = new StringBuilder();
        for (int e = 1; e <= 2; e++) {
            text.append("{\"network\":\"Tiny\",\"epoch\":").append(e).append(",\"epochs\":2,\"phase\":null,")
                    .append("\"test_accuracy\":0.").append(5 + e).append(",\"images_per_second\":100.5,")
                    .append("\"train_seconds\":1.25,\"layers\":[{\"name\":\"fc1\",").append(fc1)
                    .append("},{\"name\":\"out\",\"local_loss\":1.1,\"local_accuracy\":0.4").append(e).append("}]}\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static Document svg(final Path file) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        // The SVG names a DTD on the web: never fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static List<String> texts(final Document d) {
        NodeList nodes = d.getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    @Test
    void severalRunsAreOverlaidInAnSvgOfTheSizeAskedNamingEverySeries() throws Exception {
        Path a = run("local_error.jsonl", true);
        Path b = run("backprop.jsonl", false);
        Path picture = dir.resolve("both.svg");
        CliRun plot = CliRun.of("plot", a.toString(), b.toString(), "-o", picture.toString(), "--width", "640",
                "--height", "480");
        assertEquals(0, plot.status(), plot.err());
        assertEquals("locus plot: 2 runs drawn into " + picture + "\n", plot.err());
        assertEquals("", plot.out());
        Document d = svg(picture);
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals(640.0, Double.parseDouble(root.getAttribute("width")));
        assertEquals(480.0, Double.parseDouble(root.getAttribute("height")));
        List<String> texts = texts(d);
        for (String series : List.of("local_error.jsonl Tiny: test accuracy", "local_error.jsonl Tiny: fc1 local accuracy",
                "local_error.jsonl Tiny: out local accuracy", "backprop.jsonl Tiny: test accuracy",
                "backprop.jsonl Tiny: out local accuracy", "epoch")) {
            assertTrue(texts.contains(series), series + " in " + texts);
        }
        assertFalse(texts.contains("backprop.jsonl Tiny: fc1 local accuracy"), "fc1 has no accuracy of its own: " + texts);
        assertTrue(texts.contains("60%"), "a percent axis: " + texts);
    }

    @Test
    void aPngOpensAsAnImageOfTheSizeAsked() throws IOException {
        Path picture = dir.resolve("one.png");
        CliRun plot = CliRun.of("plot", run("r.jsonl", true).toString(), "-o", picture.toString());
        assertEquals(0, plot.status(), plot.err());
        BufferedImage image = ImageIO.read(picture.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(600, image.getHeight());
    }

    @Test
    void trainDrawsItsRunAfterEachEpoch() throws Exception {
        Path file = TinyProgram.write(dir, "local_error", "adam(lr: 0.01)", 3, 32);
        Path png = dir.resolve("run.png");
        CliRun run = CliRun.of("train", file.toString(), "--plot", png.toString());
        assertEquals(0, run.status(), run.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(600, image.getHeight());
        Path plain = Files.writeString(dir.resolve("plain.txt"), "");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png),
                "readable as any file written here, not by its owner alone");
        Path svg = dir.resolve("run.svg");
        assertEquals(0, CliRun.of("train", file.toString(), "--plot", svg.toString(), "--json").status());
        List<String> texts = texts(svg(svg));
        for (String series : List.of("test accuracy", "fc1 local accuracy", "fc2 local accuracy", "out local accuracy",
                "Tiny: accuracy per epoch (tiny.locus Tiny)")) {
            assertTrue(texts.contains(series), series + " in " + texts);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file is left");
        }
    }

    @Test
    void aBadLineIsAnErrorAtItsLineNumber() throws IOException {
        Path good = run("good.jsonl", true);
        String two = Files.readString(good).lines().toList().get(1);
        record Case(String text, String message) {
        }
        for (Case c : List.of(
                new Case("\n{\"network\":\"Tiny\",\"epoch\":1,", ":2:29: not JSON: the line ends where a member name "
                        + "was expected (expected one object of `locus train --json` a line)"),
                new Case("{\"network\": tiny}", ":1:13: not JSON: unexpected `t` (expected one object of `locus "
                        + "train --json` a line)"),
                new Case("[1, 2]", ":1: not a JSON object (expected one object of `locus train --json` a line)"),
                new Case("{\"network\":\"Tiny\"}", ":1: `epoch` is missing or not a whole number from 1"),
                new Case(two.replace("\"test_accuracy\":0.7", "\"test_accuracy\":70"),
                        ":1: `test_accuracy` is missing or not a fraction from 0 to 1"),
                new Case(two + "\n" + two, ":2: epoch 2 of Tiny after epoch 2: a file holds one run of each network; "
                        + "put each run in its own file"),
                new Case("\n\n", ": no epochs (expected the lines of `locus train --json`)"))) {
            Path bad = dir.resolve("bad.jsonl");
            Files.writeString(bad, c.text());
            CliRun plot = CliRun.of("plot", good.toString(), bad.toString(), "-o", dir.resolve("x.svg").toString());
            assertEquals(1, plot.status(), plot.err());
            assertEquals("locus plot: " + bad + c.message() + "\n", plot.err());
            assertFalse(Files.exists(dir.resolve("x.svg")));
        }
    }

    @Test
    void aMissingFileIsAnError() {
        Path missing = dir.resolve("missing.jsonl");
        CliRun plot = CliRun.of("plot", missing.toString(), "-o", dir.resolve("x.png").toString());
        assertEquals(1, plot.status(), plot.err());
        assertEquals("locus plot: " + missing + ": no such file\n", plot.err());
    }

    @Test
    void badFlagsAreBadUsage() throws IOException {
        String run = run("r.jsonl", true).toString();
        String png = dir.resolve("x.png").toString();
        record Case(List<String> args, String message) {
        }
        for (Case c : List.of(
                new Case(List.of(run), "say where to draw: -o FILE.png or -o FILE.svg"),
                new Case(List.of("-o", png), "no run to draw: give the files that `locus train --json` wrote"),
                new Case(List.of(run, "-o", dir.resolve("x.jpg").toString()),
                        "-o " + dir.resolve("x.jpg") + ": the picture's name must end in .png or .svg"),
                new Case(List.of(run, "-o", png, "--width", "50"),
                        "--width takes a whole number of pixels from 100 to 10000, got `50`"),
                new Case(List.of(run, "-o", png, "--height", "tall"),
                        "--height takes a whole number of pixels from 100 to 10000, got `tall`"),
                new Case(List.of(run, "-o", png, "--colour", "red"), "Unrecognized option: --colour"))) {
            List<String> args = new ArrayList<>(List.of("plot"));
            args.addAll(c.args());
            CliRun plot = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, plot.status(), c + ": " + plot.err());
            assertTrue(plot.err().startsWith("locus plot: " + c.message() + "\nusage: locus plot RUN.jsonl... "), plot.err());
        }
        Path file = TinyProgram.write(dir, "local_error", "adam(lr: 0.01)", 1, 16);
        CliRun train = CliRun.of("train", file.toString(), "--plot", dir.resolve("run.gif").toString());
        assertEquals(2, train.status(), train.err());
        assertTrue(train.err().startsWith("locus train: --plot " + dir.resolve("run.gif") + ": the picture's name must "
                + "end in .png or .svg\n"), train.err());
        CliRun nowhere = CliRun.of("train", file.toString(), "--plot", dir.resolve("no/such/run.png").toString());
        assertEquals(1, nowhere.status(), nowhere.err());
        assertEquals("locus train: --plot " + dir.resolve("no/such/run.png") + ": its folder " + dir.resolve("no/such")
                + " does not exist\n", nowhere.err());
        assertEquals("", nowhere.out(), "refused before training");
    }
}
