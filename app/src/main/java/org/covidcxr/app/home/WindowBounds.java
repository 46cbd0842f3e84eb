package org.covidcxr.app.home;

/** A window's or a screen's rectangle on the desktop, in the window system's coordinates. */
public record WindowBounds(double x, double y, double width, double height) {

    public WindowBounds {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !(width > 0) || !(height > 0)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("not a window's bounds: " + x + ", " + y + ", " + width + " x "
                    + height);
        }
    }

    boolean containsCentreOf(WindowBounds other) {
        double cx = other.x + other.width / 2;
        double cy = other.y + other.height / 2;
        return cx >= x && cx < x + width && cy >= y && cy < y + height;
    }

    /** These bounds made no larger than {@code area} and moved, as little as needed, to lie wholly inside it. */
    WindowBounds fittedInto(WindowBounds area) {
        double w = Math.min(width, area.width);
        double h = Math.min(height, area.height);
        return new WindowBounds(Math.max(area.x, Math.min(x, area.x + area.width - w)),
                Math.max(area.y, Math.min(y, area.y + area.height - h)), w, h);
    }

    /** A rectangle of (at most) the given size, centred in these bounds. */
    WindowBounds centred(double preferredWidth, double preferredHeight) {
        double w = Math.min(preferredWidth, width);
        double h = Math.min(preferredHeight, height);
        return new WindowBounds(x + (width - w) / 2, y + (height - h) / 2, w, h);
    }
}
