package dev.locus.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.locus.compiler.FrontEnd;
import dev.locus.compiler.diag.Code;
import dev.locus.compiler.diag.Diagnostic;
import dev.locus.compiler.diag.Diagnostics;
import dev.locus.compiler.diag.TextRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Shapes inferred for random convolutions and poolings equal the sizes computed here directly,
 * and a window larger than its (padded) input is SHAPE_EMPTY at the op, naming the layer and op.
 */
class ShapePropertyTest {
    private static final Path FILE = Path.of("shapes.locus");

    /** An input [c, h, w] and a window: kernel, stride, pad; and the channels a convolution makes. */
    record Window(int c, int h, int w, int kernel, int stride, int pad, int channels) {
    }

    private static final Gen<Window> WINDOWS = integers().between(1, 4)
            .zip(integers().between(1, 40), integers().between(1, 40), (c, h, w) -> new int[] {c, h, w})
            .zip(integers().between(1, 9), integers().between(1, 4), integers().between(0, 3),
                    (in, k, s, p) -> new int[] {in[0], in[1], in[2], k, s, p})
            .zip(integers().between(1, 16), (a, ch) -> new Window(a[0], a[1], a[2], a[3], a[4], a[5], ch));

    /** floor((n + 2 pad - kernel) / stride) + 1 when the window fits, else 0. */
    private static int outputSize(final int n, final int kernel, final int stride, final int pad) {
        int room = n + 2 * pad - kernel;
        return room < 0 ? 0 : room / stride + 1;
    }

    private static String program(final Window win, final String op) {
        return "network N {\n"
                + "    input  x : [" + win.c() + ", " + win.h() + ", " + win.w() + "]\n"
                + "    classes 2\n"
                + "    layer  l = " + op + "\n"
                + "    output out = flatten -> dense(classes)\n"
                + "}\n";
    }

    @Test
    void conv2dShapes() {
        qt().withExamples(400).forAll(WINDOWS).checkAssert(win -> {
            String op = "conv2d(" + win.channels() + ", kernel: " + win.kernel() + ", stride: " + win.stride()
                    + ", pad: " + win.pad() + ")";
            check(win, op, "conv2d", win.channels(), win.pad());
        });
    }

    @Test
    void poolingShapes() {
        qt().withExamples(400).forAll(WINDOWS, integers().between(0, 1)).checkAssert((win, max) -> {
            String name = max == 1 ? "maxpool" : "avgpool";
            check(win, name + "(" + win.kernel() + ", stride: " + win.stride() + ")", name, win.c(), 0);
        });
    }

    private static void check(final Window win, final String op, final String opName, final int channels,
                              final int pad) {
        String text = program(win, op);
        Diagnostics d = new Diagnostics();
        Optional<CheckedProgram> checked = FrontEnd.check(FILE, text, d);
        int h = outputSize(win.h(), win.kernel(), win.stride(), pad);
        int w = outputSize(win.w(), win.kernel(), win.stride(), pad);
        if (h == 0 || w == 0) {
            List<Diagnostic> all = d.all();
            assertEquals(1, all.size(), () -> text + all.stream().map(TextRenderer::render).toList());
            Diagnostic e = all.get(0);
            assertEquals(Code.SHAPE_EMPTY, e.code(), TextRenderer.render(e));
            assertEquals(4, e.span().line());
            assertEquals(text.split("\n")[3].indexOf(opName) + 1, e.span().column(), TextRenderer.render(e));
            assertTrue(e.message().contains("layer `l`") && e.message().contains(opName), e.message());
            return;
        }
        assertEquals(List.of(), d.all().stream().map(TextRenderer::render).toList(), text);
        CheckedLayer layer = checked.orElseThrow().networks().get(0).layers().get(0);
        assertEquals(Shape.of(win.c(), win.h(), win.w()), layer.in());
        assertEquals(Shape.of(channels, h, w), layer.out(), text);
        assertEquals(Shape.of(channels * h * w), checked.get().networks().get(0).layers().get(1).ops().get(0).out());
    }

    @Test
    void chainsOfWindowsCompose() {
        // Two windows in one layer: each op's own input is the previous op's output.
        qt().withExamples(300).forAll(WINDOWS, WINDOWS).checkAssert((a, b) -> {
            String op = "conv2d(" + a.channels() + ", kernel: " + a.kernel() + ", stride: " + a.stride() + ", pad: "
                    + a.pad() + ") -> relu -> maxpool(" + b.kernel() + ", stride: " + b.stride() + ")";
            String text = program(a, op);
            Diagnostics d = new Diagnostics();
            Optional<CheckedProgram> checked = FrontEnd.check(FILE, text, d);
            int h1 = outputSize(a.h(), a.kernel(), a.stride(), a.pad());
            int w1 = outputSize(a.w(), a.kernel(), a.stride(), a.pad());
            int h2 = outputSize(h1, b.kernel(), b.stride(), 0);
            int w2 = outputSize(w1, b.kernel(), b.stride(), 0);
            if (h1 == 0 || w1 == 0 || h2 == 0 || w2 == 0) {
                assertEquals(1, d.all().size(), () -> text + d.all().stream().map(TextRenderer::render).toList());
                assertEquals(Code.SHAPE_EMPTY, d.all().get(0).code());
                String at = h1 == 0 || w1 == 0 ? "conv2d" : "maxpool";
                assertEquals(text.split("\n")[3].indexOf(at) + 1, d.all().get(0).span().column());
                return;
            }
            List<ResolvedOp> ops = checked.orElseThrow().networks().get(0).layers().get(0).ops();
            assertEquals(Shape.of(a.channels(), h1, w1), ops.get(0).out());
            assertEquals(Shape.of(a.channels(), h1, w1), ops.get(1).out());
            assertEquals(Shape.of(a.channels(), h2, w2), ops.get(2).out());
        });
    }
}
