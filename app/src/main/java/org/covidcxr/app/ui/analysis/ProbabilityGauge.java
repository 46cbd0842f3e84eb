package org.covidcxr.app.ui.analysis;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.Line;
import javafx.scene.shape.StrokeLineCap;

/**
 * The COVID-19 probability on a ring laid out by {@link ProbabilityScale}: the verdict zones, dimmed, are the track;
 * the probability fills it in the colour of its verdict (the verdict line's style class, so the two always agree);
 * the thresholds are notched across the ring and labelled with the probabilities they stand for; the number sits
 * large in the middle. Drawn with shapes rather than a Medusa gauge: Medusa shows its own value as the number and
 * spaces tick labels evenly, while here the arc position is not the probability and the labels sit at the thresholds.
 */
final class ProbabilityGauge extends Region {
    /** Radius of the ring's centre line and the ring's width, in pixels. */
    private static final double RADIUS = 88;
    private static final double RING = 16;
    /** The arc runs clockwise from lower left over the top to lower right: the middle of the scale is at the top. */
    private static final double START_ANGLE = 210;
    private static final double SWEEP = 240;
    /** How far a threshold's notch reaches beyond the ring, and the room between the ring and a label. */
    private static final double NOTCH = 5;
    private static final double GAP = 3;

    /** A tick label and the tick it names. */
    private record TickLabel(ProbabilityScale.Tick tick, Label label) {
    }

    private final List<Arc> zones = new ArrayList<>();
    private final Arc fill = arc();
    private final List<Line> notches = new ArrayList<>();
    private final List<TickLabel> ticks = new ArrayList<>();
    private final Label value = new Label();
    private final Label unit = new Label("%");
    private final HBox number = new HBox(2, value, unit);
    private final Label caption = new Label("COVID-19 probability");

    ProbabilityGauge() {
        getStyleClass().add("probability-gauge");
        fill.setId("gauge-fill");
        fill.getStyleClass().add("gauge-fill");
        value.setId("gauge-value");
        unit.getStyleClass().add("gauge-unit");
        number.getStyleClass().add("gauge-number");
        number.setAlignment(Pos.BASELINE_CENTER);
        caption.getStyleClass().add("gauge-caption");
    }

    /**
     * Shows a probability (negative: none) on {@code scale}, filled in the colour of {@code verdictStyle}. The fill
     * ends at the exact probability; the number is rounded to the one decimal shown elsewhere.
     */
    void show(ProbabilityScale scale, double probability, String verdictStyle) {
        boolean result = probability >= 0;
        zones.clear();
        for (ProbabilityScale.Zone z : scale.zones()) {
            Arc a = arc();
            a.setStartAngle(angle(z.start()));
            a.setLength(angle(z.end()) - angle(z.start()));
            a.getStyleClass().addAll("gauge-zone", AnalysisViewModel.styleOf(z.verdict()));
            zones.add(a);
        }
        fill.setVisible(result);
        fill.setStartAngle(START_ANGLE);
        fill.setLength(result ? angle(scale.position(probability)) - START_ANGLE : 0);
        fill.getStyleClass().setAll("gauge-fill", verdictStyle);
        notches.clear();
        ticks.clear();
        for (ProbabilityScale.Tick t : scale.ticks()) {
            if (t.threshold()) {
                Line notch = new Line();
                notch.getStyleClass().add("gauge-notch");
                notch.setUserData(t);
                notch.setVisible(result);
                notches.add(notch);
            }
            Label label = new Label(t.label());
            label.getStyleClass().addAll("gauge-tick", t.threshold() ? "gauge-threshold" : "gauge-end");
            label.setVisible(result);
            ticks.add(new TickLabel(t, label));
        }
        value.setText(result ? ProbabilityScale.number(probability) : "—");
        unit.setVisible(result);
        unit.setManaged(result);
        setOpacity(result ? 1 : 0.35);
        getChildren().setAll(zones);
        getChildren().addAll(fill);
        getChildren().addAll(notches);
        ticks.forEach(t -> getChildren().add(t.label()));
        getChildren().addAll(number, caption);
    }

    @Override
    protected void layoutChildren() {
        Bounds extent = extent();
        double cx = snappedLeftInset() + (getWidth() - snappedLeftInset() - snappedRightInset()) / 2;
        double cy = snappedTopInset() - extent.getMinY();
        for (Arc a : zones) {
            a.setCenterX(cx);
            a.setCenterY(cy);
        }
        fill.setCenterX(cx);
        fill.setCenterY(cy);
        for (Line notch : notches) {
            double a = Math.toRadians(angle(((ProbabilityScale.Tick) notch.getUserData()).position()));
            double inner = RADIUS - RING / 2 - NOTCH;
            double outer = RADIUS + RING / 2 + NOTCH;
            notch.setStartX(cx + inner * Math.cos(a));
            notch.setStartY(cy - inner * Math.sin(a));
            notch.setEndX(cx + outer * Math.cos(a));
            notch.setEndY(cy - outer * Math.sin(a));
        }
        for (TickLabel t : ticks) {
            Bounds box = box(t);
            t.label().resizeRelocate(cx + box.getMinX(), cy + box.getMinY(), box.getWidth(), box.getHeight());
        }
        double w = number.prefWidth(-1);
        double h = number.prefHeight(w);
        // The number's centre a little above the ring's: the caption goes below it, between the ends of the arc.
        number.resizeRelocate(cx - w / 2, cy - h * 0.6, w, h);
        double cw = caption.prefWidth(-1);
        caption.resizeRelocate(cx - cw / 2, cy + h * 0.4, cw, caption.prefHeight(cw));
    }

    @Override
    protected double computePrefWidth(double height) {
        Bounds extent = extent();
        return snappedLeftInset() + 2 * Math.max(-extent.getMinX(), extent.getMaxX()) + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + extent().getHeight() + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return computePrefWidth(height);
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    /** What the ring, its labels and the number take around the ring's centre. */
    private Bounds extent() {
        double outer = RADIUS + RING / 2 + NOTCH;
        double minX = -outer;
        double maxX = outer;
        double minY = -outer;
        double maxY = Math.max(outer * Math.sin(Math.toRadians(START_ANGLE - 180)),
                number.prefHeight(-1) * 0.4 + caption.prefHeight(-1));
        for (TickLabel t : ticks) {
            Bounds box = box(t);
            minX = Math.min(minX, box.getMinX());
            maxX = Math.max(maxX, box.getMaxX());
            minY = Math.min(minY, box.getMinY());
            maxY = Math.max(maxY, box.getMaxY());
        }
        return new BoundingBox(minX, minY, maxX - minX, maxY - minY);
    }

    /** A tick label's place around the ring's centre: just outside the ring (and notch), pushed outward. */
    private static Bounds box(TickLabel t) {
        double a = Math.toRadians(angle(t.tick().position()));
        double r = RADIUS + RING / 2 + (t.tick().threshold() ? NOTCH : 0) + GAP;
        double w = t.label().prefWidth(-1);
        double h = t.label().prefHeight(w);
        double x = (r + w / 2) * Math.cos(a);
        double y = -(r + h / 2) * Math.sin(a);
        return new BoundingBox(x - w / 2, y - h / 2, w, h);
    }

    /** The angle (degrees, counter-clockwise from 3 o'clock) of a position on the scale. */
    private static double angle(double position) {
        return START_ANGLE - SWEEP * position;
    }

    private static Arc arc() {
        Arc a = new Arc(0, 0, RADIUS, RADIUS, START_ANGLE, 0);
        a.setType(ArcType.OPEN);
        a.setFill(null);
        a.setStrokeWidth(RING);
        a.setStrokeLineCap(StrokeLineCap.BUTT);
        return a;
    }
}
