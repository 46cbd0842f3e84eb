package org.covidcxr.inference.serving;

import java.util.Arrays;

/**
 * A map over an image, kept at its native grid with its placement on the image: {@code value(x, y)} belongs to pixel
 * (x, y) of a {@code width x height} image and is sampled from the grid (bilinearly, clamped at the border) when
 * asked, so a Grad-CAM map of a 2000 × 2000 radiograph stays a few hundred floats until it is drawn. Grad-CAM maps from
 * {@link CovidClassifier} are in [0, 1], their hottest image pixel 1 (see {@link CamRegistration}).
 */
public final class HeatMap {
    private final int width;
    private final int height;
    private final int gridWidth;
    private final float[] grid;
    private final Axis columns;
    private final Axis rows;
    /** Every interpolated value is divided by this, the same way everywhere, so the hottest pixel is exactly 1. */
    private final float divisor;

    /** A map given pixel by pixel ({@code width*height} values, row-major); taken over, not copied. */
    public HeatMap(int width, int height, float[] values) {
        this(values, width, Axis.identity(width), Axis.identity(height), 1f);
        if (width <= 0 || height <= 0 || (long) width * height != values.length) {
            throw new IllegalArgumentException("heat map of " + values.length + " values does not match "
                    + width + " x " + height);
        }
    }

    /**
     * @param grid    row-major cells, {@code gridWidth} wide; taken over, not copied
     * @param columns for each image column, the two grid columns it lies between and the weight of the second
     * @param rows    the same for each image row
     * @param divisor what every value is divided by (1 for raw values)
     */
    HeatMap(float[] grid, int gridWidth, Axis columns, Axis rows, float divisor) {
        this.width = columns.size();
        this.height = rows.size();
        this.gridWidth = gridWidth;
        this.grid = grid;
        this.columns = columns;
        this.rows = rows;
        this.divisor = divisor;
    }

    /** Width of the image the map belongs to. */
    public int width() {
        return width;
    }

    /** Height of the image the map belongs to. */
    public int height() {
        return height;
    }

    /** Value at image column x, row y. */
    public float value(int x, int y) {
        int top = rows.low[y] * gridWidth;
        int bottom = rows.high[y] * gridWidth;
        float upper = lerp(grid[top + columns.low[x]], grid[top + columns.high[x]], columns.weight[x]);
        float lower = lerp(grid[bottom + columns.low[x]], grid[bottom + columns.high[x]], columns.weight[x]);
        return lerp(upper, lower, rows.weight[y]) / divisor;
    }

    /**
     * The largest value at an image pixel; 0 for a map without any positive evidence. Interpolation is separable, so
     * the image columns are interpolated once per grid row, then each image row only mixes two of those rows.
     */
    public float max() {
        int gridHeight = grid.length / gridWidth;
        float[] wide = new float[gridHeight * width];
        for (int r = 0; r < gridHeight; r++) {
            for (int x = 0; x < width; x++) {
                wide[r * width + x] = lerp(grid[r * gridWidth + columns.low[x]],
                        grid[r * gridWidth + columns.high[x]], columns.weight[x]);
            }
        }
        float max = 0f;
        for (int y = 0; y < height; y++) {
            int lo = rows.low[y] * width;
            int hi = rows.high[y] * width;
            for (int x = 0; x < width; x++) {
                max = Math.max(max, lerp(wide[lo + x], wide[hi + x], rows.weight[y]));
            }
        }
        return max / divisor; // division by a positive number keeps the order: the largest quotient
    }

    /** The same map divided by {@code divisor}. */
    HeatMap dividedBy(float divisor) {
        return new HeatMap(grid, gridWidth, columns, rows, divisor);
    }

    /** The grid's values as the map gives them (a copy), e.g. to check a model's output is deterministic. */
    public float[] cells() {
        float[] cells = grid.clone();
        for (int i = 0; i < cells.length; i++) {
            cells[i] /= divisor;
        }
        return cells;
    }

    /** Whether both maps have the same grid values and the same placement on an image of the same size. */
    public boolean sameAs(HeatMap other) {
        return width == other.width && height == other.height && gridWidth == other.gridWidth
                && divisor == other.divisor && Arrays.equals(grid, other.grid) && columns.equals(other.columns)
                && rows.equals(other.rows);
    }

    static float lerp(float a, float b, float f) {
        return a * (1f - f) + b * f;
    }

    /** For each image pixel index along one axis: the two neighbouring grid cells and the weight of the second. */
    record Axis(int[] low, int[] high, float[] weight) {

        int size() {
            return low.length;
        }

        static Axis identity(int pixels) {
            int[] index = new int[pixels];
            Arrays.setAll(index, i -> i);
            return new Axis(index, index, new float[pixels]);
        }

        /**
         * Original pixel i has its centre at input coordinate {@code pad + (i + 0.5) * scale}; cell j of the grid is
         * centred on input coordinate {@code (j + 0.5) * inputSize / cells}.
         */
        static Axis placed(int pixels, int pad, double scale, int cells, int inputSize) {
            int[] low = new int[pixels];
            int[] high = new int[pixels];
            float[] weight = new float[pixels];
            double cellsPerInputPixel = (double) cells / inputSize;
            for (int i = 0; i < pixels; i++) {
                double input = pad + (i + 0.5) * scale;
                double c = Math.min(cells - 1, Math.max(0.0, input * cellsPerInputPixel - 0.5));
                int c0 = (int) Math.floor(c);
                low[i] = c0;
                high[i] = Math.min(c0 + 1, cells - 1);
                weight[i] = (float) (c - c0);
            }
            return new Axis(low, high, weight);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Axis a && Arrays.equals(low, a.low) && Arrays.equals(high, a.high)
                    && Arrays.equals(weight, a.weight);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(low) * 31 + Arrays.hashCode(weight);
        }
    }
}
