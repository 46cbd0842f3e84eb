package org.covidcxr.app.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.inference.serving.HeatMap;
import org.covidcxr.inference.serving.HeatMapOverlay;
import org.covidcxr.inference.serving.Verdict;

/** Lays out a one-page report (A4 portrait at 150 dpi) as a PNG, with plain Java 2D (no UI toolkit needed). */
public final class ReportComposer {
    public static final int WIDTH = 1240;
    public static final int HEIGHT = 1754;
    private static final int MARGIN = 70;
    private static final Color SUSPECTED = new Color(0xC0392B);
    private static final Color NOT_SUSPECTED = new Color(0x1E7A46);
    private static final Color INDETERMINATE = new Color(0xB9770E);
    private static final Color TEXT = new Color(0x222222);
    private static final Color MUTED = new Color(0x666666);

    private ReportComposer() {
    }

    public static BufferedImage compose(ReportContent c) {
        BufferedImage page = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int y = MARGIN + 30;
            y = text(g, "Chest X-ray analysis — decision support", Font.BOLD, 40, TEXT, y);
            y = text(g, "Created " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).format(c.created())
                    + "   ·   model " + c.modelVersion(), Font.PLAIN, 22, MUTED, y + 10);
            y = text(g, "Input SHA-256 " + c.inputSha256().substring(0, Math.min(16, c.inputSha256().length())) + "…"
                    + (c.studyDescription().isEmpty() ? "" : "   ·   " + c.studyDescription()), Font.PLAIN, 22, MUTED, y);
            y += 20;
            int imageBox = 900;
            drawImage(g, c.image(), MARGIN, y, WIDTH - 2 * MARGIN, imageBox);
            y += imageBox + 8;
            if (!c.overlayCaption().isEmpty()) {
                y = text(g, c.overlayCaption() + " — model attention, not lesion location", Font.ITALIC, 20, MUTED, y + 14);
            }
            y += 20;
            Color verdict = switch (c.verdict()) {
                case SUSPECTED -> SUSPECTED;
                case INDETERMINATE -> INDETERMINATE;
                case NOT_SUSPECTED -> NOT_SUSPECTED;
            };
            y = text(g, c.verdict().text(), Font.BOLD, c.verdict() == Verdict.INDETERMINATE ? 24 : 32, verdict,
                    y + 14);
            y = text(g, String.format(Locale.ROOT, "COVID-19 probability %.1f %%   ·   operating threshold %.1f %%",
                    100 * c.covidProbability(), 100 * c.threshold()), Font.PLAIN, 24, TEXT, y);
            y = bars(g, c.probabilities(), y + 20);
            for (String flag : c.flags()) {
                y = text(g, "⚠ " + flag, Font.BOLD, 22, SUSPECTED, y + 6);
            }
            g.setColor(new Color(0xDDDDDD));
            g.setStroke(new BasicStroke(2));
            g.drawLine(MARGIN, HEIGHT - 190, WIDTH - MARGIN, HEIGHT - 190);
            int cy = HEIGHT - 150;
            for (String line : wrap(g, "Intended use: " + c.intendedUse() + ". This result is not a diagnosis; it must be "
                    + "interpreted by a qualified clinician together with the clinical picture and other tests.",
                    new Font(Font.SANS_SERIF, Font.PLAIN, 22), WIDTH - 2 * MARGIN)) {
                cy = text(g, line, Font.PLAIN, 22, TEXT, cy);
            }
        } finally {
            g.dispose();
        }
        return page;
    }

    /**
     * The image with a heat map drawn over it, sampled at the image's size: the map's colours and per-pixel alpha
     * from {@link HeatMapOverlay#argbLayer}, times {@code opacity} — what the viewer shows.
     */
    public static BufferedImage withOverlay(BufferedImage image, HeatMap map, float opacity) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        layer.setRGB(0, 0, w, h, HeatMapOverlay.argbLayer(map, w, h), 0, w);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity));
            g.drawImage(layer, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes the page as PNG, atomically (no half-written report if the disk fills). */
    public static void writePng(ReportContent content, Path file) throws IOException {
        AtomicFiles.PLAIN.write(file, tmp -> ImageIO.write(compose(content), "png", tmp.toFile()));
    }

    private static int bars(Graphics2D g, Map<String, Double> probabilities, int y) {
        int labelWidth = 180;
        int barWidth = 700;
        for (Map.Entry<String, Double> e : probabilities.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            text(g, e.getKey(), Font.PLAIN, 24, TEXT, y + 26, MARGIN);
            g.setColor(new Color(0xEEEEEE));
            g.fillRect(MARGIN + labelWidth, y + 6, barWidth, 26);
            g.setColor(new Color(0x3D7BD9));
            g.fillRect(MARGIN + labelWidth, y + 6, (int) Math.round(barWidth * e.getValue()), 26);
            text(g, String.format(Locale.ROOT, "%.1f %%", 100 * e.getValue()), Font.PLAIN, 24, TEXT, y + 26,
                    MARGIN + labelWidth + barWidth + 20);
            y += 40;
        }
        return y;
    }

    private static void drawImage(Graphics2D g, BufferedImage image, int x, int y, int w, int h) {
        g.setColor(Color.BLACK);
        g.fillRect(x, y, w, h);
        double s = Math.min((double) w / image.getWidth(), (double) h / image.getHeight());
        int dw = (int) Math.round(image.getWidth() * s);
        int dh = (int) Math.round(image.getHeight() * s);
        g.drawImage(image, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh, null);
    }

    private static int text(Graphics2D g, String s, int style, int size, Color color, int baseline) {
        return text(g, s, style, size, color, baseline, MARGIN);
    }

    private static int text(Graphics2D g, String s, int style, int size, Color color, int baseline, int x) {
        g.setFont(new Font(Font.SANS_SERIF, style, size));
        g.setColor(color);
        g.drawString(s, x, baseline);
        return baseline + (int) Math.round(size * 1.35);
    }

    private static List<String> wrap(Graphics2D g, String text, Font font, int width) {
        FontMetrics fm = g.getFontMetrics(font);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
