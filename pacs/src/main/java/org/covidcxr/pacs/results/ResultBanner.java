package org.covidcxr.pacs.results;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Puts the AI result in a banner above the picture. A strip of its own, rather than text over the image, so that no
 * anatomy is hidden; whoever sees the image in any PACS viewer also sees that it is decision support.
 */
final class ResultBanner {
    static final String DISCLAIMER = "AI decision support — not a diagnosis";
    private static final Color BACKGROUND = Color.BLACK;
    private static final Color WARNING = new Color(0xFFC000);
    private static final Color TEXT = Color.WHITE;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final int MIN_FONT = 6;

    private ResultBanner() {
    }

    /** The picture below a banner, as 8-bit RGB. */
    static BufferedImage compose(BufferedImage picture, AiResult result) {
        int width = picture.getWidth();
        List<String> lines = List.of(DISCLAIMER,
                result.verdict() + "   ·   P(COVID-19) " + percent(result.covidProbability()),
                "Model " + result.modelVersion() + "   ·   analysed "
                        + WHEN.format(ResultHeader.analysisTime(result)));
        // Measured on a scratch image first: the banner's height depends on the font size that fits the width.
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics metrics;
        try {
            metrics = measure.getFontMetrics(fittingFont(measure, lines, width));
        } finally {
            measure.dispose();
        }
        Font font = metrics.getFont();
        int pad = pad(metrics);
        int bannerHeight = lines.size() * metrics.getHeight() + 2 * pad;

        BufferedImage out = new BufferedImage(width, bannerHeight + picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, bannerHeight);
            g.drawImage(picture, 0, bannerHeight, null);
            g.setFont(font);
            int y = pad + metrics.getAscent();
            for (int i = 0; i < lines.size(); i++) {
                g.setColor(i == 0 ? WARNING : TEXT);
                g.drawString(displayable(font, lines.get(i)), pad, y);
                y += metrics.getHeight();
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** One decimal, as the workstation shows it. */
    static String percent(double probability) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * probability);
    }

    /** The largest font, up to a thirtieth of the width, at which every line fits. */
    private static Font fittingFont(Graphics2D g, List<String> lines, int width) {
        for (int size = Math.max(MIN_FONT, width / 30); size > MIN_FONT; size--) {
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
            FontMetrics m = g.getFontMetrics(font);
            if (lines.stream().allMatch(l -> m.stringWidth(displayable(font, l)) <= width - 2 * pad(m))) {
                return font;
            }
        }
        return new Font(Font.SANS_SERIF, Font.BOLD, MIN_FONT);
    }

    /** Margin around the text, a third of a line. */
    private static int pad(FontMetrics m) {
        return Math.max(2, m.getHeight() / 3);
    }

    /** Falls back to plain ASCII punctuation where the installed font lacks a glyph. */
    private static String displayable(Font font, String line) {
        return font.canDisplayUpTo(line) < 0 ? line : line.replace('—', '-').replace('·', '|');
    }
}
