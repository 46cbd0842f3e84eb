package org.covidcxr.inference.evaluation;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A white canvas with a titled plot area and the drawing primitives the report's plots share (Java2D, headless). */
final class ChartCanvas implements AutoCloseable {

    /** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final List<Color> PALETTE = List.of(new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
            new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9));
    static final Color GRID = new Color(0xE3E3E3);
    static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[]{6, 5}, 0);

    enum Style { LINE, DASHED, POINT, BOX }

    record LegendEntry(Color color, String text, Style style) {
    }

    final BufferedImage image;
    final Graphics2D g;
    /** The plot area in pixels. */
    final Rectangle plot;

    /** @param plot the plot area; the margins around it hold the title, tick labels and axis titles */
    ChartCanvas(int width, int height, Rectangle plot) {
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.plot = plot;
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    /** Pixel x of a value in [0, 1] along the plot's width. */
    int x(double v) {
        return plot.x + (int) Math.round(v * plot.width);
    }

    /** Pixel y of a value in [0, 1] along the plot's height, 0 at the bottom. */
    int y(double v) {
        return plot.y + plot.height - (int) Math.round(v * plot.height);
    }

    /** Title (bold) and an optional subtitle, centred above the plot area. */
    void title(String title, String subtitle) {
        g.setColor(Color.BLACK);
        g.setFont(font(Font.BOLD, 18));
        centred(title, plot.x + plot.width / 2, plot.y - (subtitle.isEmpty() ? 20 : 42));
        if (!subtitle.isEmpty()) {
            g.setFont(font(Font.PLAIN, 14));
            centred(subtitle, plot.x + plot.width / 2, plot.y - 18);
        }
    }

    /** Axis titles: the x title {@code xOffset} px below the plot, the y title rotated {@code yOffset} px left of it. */
    void axisTitles(String xTitle, int xOffset, String yTitle, int yOffset) {
        g.setColor(Color.BLACK);
        g.setFont(font(Font.PLAIN, 15));
        centred(xTitle, plot.x + plot.width / 2, plot.y + plot.height + xOffset);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, plot.x - yOffset, plot.y + plot.height / 2.0);
        centred(yTitle, plot.x - yOffset, plot.y + plot.height / 2);
        g.setTransform(saved);
    }

    /** A filled circle with a black outline. */
    void marker(int cx, int cy, Color fill) {
        g.setColor(fill);
        g.fillOval(cx - 7, cy - 7, 14, 14);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawOval(cx - 7, cy - 7, 14, 14);
    }

    /** Grid, frame and tick labels for [0, 1] on both axes. */
    void unitAxes() {
        g.setFont(font(Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 10; t += 2) {
            double v = t / 10.0;
            String label = String.format(Locale.ROOT, "%.1f", v);
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1));
            g.drawLine(x(v), plot.y, x(v), plot.y + plot.height);
            g.drawLine(plot.x, y(v), plot.x + plot.width, y(v));
            g.setColor(Color.BLACK);
            g.drawLine(x(v), plot.y + plot.height, x(v), plot.y + plot.height + 5);
            g.drawLine(plot.x - 5, y(v), plot.x, y(v));
            centred(label, x(v), plot.y + plot.height + 8 + fm.getAscent());
            g.drawString(label, plot.x - 9 - fm.stringWidth(label), y(v) + fm.getAscent() / 2 - 1);
        }
        frame();
    }

    void frame() {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
    }

    /** The y = x line, dashed grey: chance for ROC, perfect calibration for reliability. */
    void diagonal() {
        g.setColor(Color.GRAY);
        g.setStroke(DASHED);
        g.drawLine(x(0), y(0), x(1), y(1));
    }

    /** A boxed legend in the bottom-right corner of the plot area, or the top-left one. */
    void legend(List<LegendEntry> entries, boolean topLeft) {
        g.setFont(font(Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        int line = fm.getHeight() + 4;
        int textWidth = entries.stream().mapToInt(e -> fm.stringWidth(e.text())).max().orElse(0);
        int width = textWidth + 56;
        int height = entries.size() * line + 12;
        int left = topLeft ? plot.x + 10 : plot.x + plot.width - width - 10;
        int top = topLeft ? plot.y + 10 : plot.y + plot.height - height - 10;
        g.setColor(new Color(255, 255, 255, 235));
        g.fillRect(left, top, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, width, height);
        for (int k = 0; k < entries.size(); k++) {
            LegendEntry e = entries.get(k);
            int baseline = top + 6 + k * line + fm.getAscent() + 2;
            int mid = baseline - fm.getAscent() / 2 + 1;
            g.setColor(e.color());
            switch (e.style()) {
                case LINE, DASHED -> {
                    g.setStroke(e.style() == Style.DASHED ? DASHED : new BasicStroke(3));
                    g.drawLine(left + 10, mid, left + 40, mid);
                }
                case POINT -> marker(left + 25, mid, e.color());
                case BOX -> g.fillRect(left + 14, mid - 7, 22, 14);
            }
            g.setColor(Color.BLACK);
            g.drawString(e.text(), left + 48, baseline);
        }
    }

    /** Draws {@code text} horizontally centred on {@code cx} with its baseline at {@code baseline}. */
    void centred(String text, int cx, int baseline) {
        g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    void writePng(Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available to write " + file);
        }
    }

    @Override
    public void close() {
        g.dispose();
    }
}
