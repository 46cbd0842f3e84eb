package org.covidcxr.inference.segmentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.covidcxr.inference.Letterbox;

/**
 * What a lung map (P(lung) per input pixel, inside a letterbox) says about the film: how much of it is lung, how the
 * two largest lung regions lie, whether the lung fields are wider at the bottom (bases) or the top (apices), and
 * whether they are darker than the rest of the body, as air is on a correctly displayed film.
 *
 * @param lungShare        lung pixels per content pixel
 * @param regions          lung regions of at least 1 % of the content, largest first (at most two)
 * @param sideBySide       the two largest regions lie beside each other rather than one above the other
 *                         (true when there are fewer than two)
 * @param basesBelow       the lung fields are wider in their lower third than in their upper third
 * @param lungContrast     mean input value inside the lungs minus outside them (within the content); negative when
 *                         the lungs are darker
 */
public record LungFields(double lungShare, List<Region> regions, boolean sideBySide, boolean basesBelow,
                         double lungContrast) {

    /** @param share pixels per content pixel; centre in input pixels */
    public record Region(double share, double centreX, double centreY) {
    }

    public LungFields {
        regions = List.copyOf(regions);
    }

    /**
     * @param probability {@code s × s} P(lung)
     * @param input       the same-sized network input the map was computed from
     */
    public static LungFields of(float[] probability, float[] input, Letterbox box) {
        int s = box.inputSize();
        int x0 = box.padLeft();
        int y0 = box.padTop();
        int x1 = x0 + box.contentWidth();
        int y1 = y0 + box.contentHeight();
        double content = (double) box.contentWidth() * box.contentHeight();
        boolean[] lung = new boolean[s * s];
        int count = 0;
        double inside = 0;
        double outside = 0;
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int k = y * s + x;
                lung[k] = probability[k] >= 0.5f;
                if (lung[k]) {
                    count++;
                    inside += input[k];
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                } else {
                    outside += input[k];
                }
            }
        }
        double contrast = count == 0 || count == content ? 0 : inside / count - outside / (content - count);
        List<Region> regions = regions(lung, s, x0, y0, x1, y1, content);
        boolean sideBySide = regions.size() < 2 || Math.abs(regions.get(0).centreX() - regions.get(1).centreX())
                >= Math.abs(regions.get(0).centreY() - regions.get(1).centreY());
        boolean basesBelow = true;
        if (count > 0) {
            int third = Math.max(1, (bottom - top + 1) / 3);
            basesBelow = rowsWidth(lung, s, x0, x1, bottom - third + 1, bottom + 1)
                    >= rowsWidth(lung, s, x0, x1, top, top + third);
        }
        return new LungFields(count / content, regions, sideBySide, basesBelow, contrast);
    }

    private static long rowsWidth(boolean[] lung, int s, int x0, int x1, int from, int to) {
        long n = 0;
        for (int y = from; y < to; y++) {
            for (int x = x0; x < x1; x++) {
                n += lung[y * s + x] ? 1 : 0;
            }
        }
        return n;
    }

    /** 4-connected regions of at least 1 % of the content, largest first, at most two. */
    private static List<Region> regions(boolean[] lung, int s, int x0, int y0, int x1, int y1, double content) {
        int[] label = new int[s * s];
        int[] stack = new int[s * s];
        List<Region> out = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < lung.length; start++) {
            if (!lung[start] || label[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            long n = 0;
            double sx = 0;
            double sy = 0;
            while (top > 0) {
                int k = stack[--top];
                int x = k % s;
                int y = k / s;
                n++;
                sx += x;
                sy += y;
                int[] neighbours = {x > x0 ? k - 1 : -1, x + 1 < x1 ? k + 1 : -1, y > y0 ? k - s : -1,
                    y + 1 < y1 ? k + s : -1};
                for (int m : neighbours) {
                    if (m >= 0 && lung[m] && label[m] == 0) {
                        label[m] = next;
                        stack[top++] = m;
                    }
                }
            }
            if (n >= 0.01 * content) {
                out.add(new Region(n / content, sx / n, sy / n));
            }
        }
        out.sort(Comparator.comparingDouble(Region::share).reversed());
        return out.subList(0, Math.min(2, out.size()));
    }
}
