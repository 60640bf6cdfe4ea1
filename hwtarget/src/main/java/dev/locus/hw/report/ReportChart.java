package dev.locus.hw.report;

import dev.locus.hw.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/** --plot FILE.svg: per figure, each rule's ratio to local_error, as grouped bars, with a line at 1. */
public final class ReportChart {
    private ReportChart() {
    }

    public static JFreeChart chart(final HwReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        RuleReport base = report.baseline();
        for (RuleReport r : report.rows()) {
            add(data, r, "DRAM bytes", r.dramBytes(), base.dramBytes());
            add(data, r, "SRAM bytes", r.sramBytes(), base.sramBytes());
            add(data, r, "peak activations", r.peakActivationBytes(), base.peakActivationBytes());
            add(data, r, "cycles", r.cycles(), base.cycles());
            add(data, r, "energy", r.energyPj(), base.energyPj());
        }
        JFreeChart chart = ChartFactory.createBarChart(report.baseline().profile().graph().network()
                + ": per training sample, relative to local_error", "", "ratio to local_error", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.addRangeMarker(new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.5f)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void add(final DefaultCategoryDataset data, final RuleReport r, final String figure,
                            final double x, final double base) {
        // a figure local_error does not have (0) has no ratio: leave its bar out
        if (base > 0 && x > 0) {
            data.addValue(x / base, r.rule(), figure);
        }
    }

    public static void write(final HwReport report, final Path file) {
        SVGGraphics2D g = new SVGGraphics2D(900, 500);
        chart(report).draw(g, new Rectangle(0, 0, 900, 500));
        AtomicFiles.write(file, g.getSVGDocument());
    }
}
