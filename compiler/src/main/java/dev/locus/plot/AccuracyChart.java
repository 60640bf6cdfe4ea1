package dev.locus.plot;

import dev.locus.runtime.LocusException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The picture of one or more runs: per epoch, the test accuracy (a thick line with dots) and each
 * layer's local accuracy on the training samples (thin dashed lines), one colour per run. A layer
 * without a loss of its own has no line. Drawn without a display (headless).
 */
public final class AccuracyChart {
    static {
        // Pictures are drawn on servers and in CI, where there is no display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Colours that stay apart in print and for the common colour blindnesses (Okabe and Ito). */
    private static final Color[] COLOURS = {
        new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
        new Color(0x00, 0x00, 0x00),
    };
    private static final float[][] DASHES = {{6f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}, {1f, 5f}};

    private AccuracyChart() {
    }

    /** The series name of a run's test accuracy: {@code test} alone, or after the run's label when there are several. */
    public static String testSeries(final RunHistory run, final boolean several) {
        return (several ? run.label() + ": " : "") + "test accuracy";
    }

    /** The series name of a layer's local accuracy. */
    public static String layerSeries(final RunHistory run, final String layer, final boolean several) {
        return (several ? run.label() + ": " : "") + layer + " local accuracy";
    }

    /** The chart of {@code runs}. */
    public static JFreeChart chart(final List<RunHistory> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to draw");
        }
        boolean several = runs.size() > 1;
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int series = 0;
        for (int r = 0; r < runs.size(); r++) {
            RunHistory run = runs.get(r);
            Color colour = COLOURS[r % COLOURS.length];
            XYSeries test = new XYSeries(testSeries(run, several), false, false);
            run.epochs().forEach(e -> test.add(e.epoch(), e.testAccuracy()));
            data.addSeries(test);
            renderer.setSeriesPaint(series, colour);
            renderer.setSeriesStroke(series, new BasicStroke(2.5f));
            renderer.setSeriesShapesVisible(series, true);
            series++;
            int dashed = 0;
            for (int layer = 0; layer < run.layers().size(); layer++) {
                if (!run.hasLocalAccuracy(layer)) {
                    continue;
                }
                XYSeries local = new XYSeries(layerSeries(run, run.layers().get(layer), several), false, false);
                for (RunHistory.Epoch e : run.epochs()) {
                    var accuracy = e.localAccuracy().get(layer);
                    // A gap where the layer had no accuracy (it cannot happen for a layer that has one in some epoch today).
                    local.add(e.epoch(), accuracy.isPresent() ? (Number) accuracy.getAsDouble() : null);
                }
                data.addSeries(local);
                renderer.setSeriesPaint(series, colour);
                renderer.setSeriesStroke(series, dash(dashed++));
                series++;
            }
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        NumberAxis accuracy = new NumberAxis("accuracy (test: solid; local, on the training samples: dashed)");
        NumberFormat percent = NumberFormat.getPercentInstance(Locale.ROOT);
        percent.setMaximumFractionDigits(1);
        accuracy.setNumberFormatOverride(percent);
        accuracy.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, epochs, accuracy, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        JFreeChart chart = new JFreeChart(title(runs), new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private static String title(final List<RunHistory> runs) {
        if (runs.size() == 1) {
            return runs.get(0).network() + ": accuracy per epoch (" + runs.get(0).label() + ")";
        }
        return "Accuracy per epoch, " + runs.size() + " runs";
    }

    private static Stroke dash(final int i) {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASHES[i % DASHES.length], 0f);
    }

    /**
     * Draws {@code runs} into {@code file} ({@code .png} or {@code .svg}) of {@code width} by
     * {@code height} pixels, atomically: a reader never sees half a picture.
     */
    public static void write(final List<RunHistory> runs, final Path file, final int width, final int height) {
        PictureFormat format = PictureFormat.of(file).orElseThrow(() -> new IllegalArgumentException(
                file + " is neither .png nor .svg"));
        JFreeChart chart = chart(runs);
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            // Not Files.createTempFile: its file is readable by its owner alone, and the picture is for everyone the
            // umask allows.
            temporary = folder.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                switch (format) {
                    case PNG -> ChartUtils.writeChartAsPNG(out, chart, width, height);
                    case SVG -> {
                        SVGGraphics2D g = new SVGGraphics2D(width, height);
                        chart.draw(g, new Rectangle(0, 0, width, height));
                        out.write(g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LocusException(file + ": cannot write the picture: " + e.getMessage());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // Only a leftover temporary file; the picture's own error, if any, is already on its way.
                }
            }
        }
    }
}
