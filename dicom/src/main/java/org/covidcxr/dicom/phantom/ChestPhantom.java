package org.covidcxr.dicom.phantom;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.covidcxr.dicom.BurnedInText;
import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.Window;
import org.covidcxr.dicom.XrayImage;

/**
 * A synthetic frontal (PA) chest radiograph drawn by code: body outline, two lungs, heart, spine, ribs, clavicles
 * and diaphragm domes, with a little fixed-seed noise. It is not a patient image and carries no patient data, so
 * the self-test and screenshots can use it anywhere. The same size always gives the same pixels.
 *
 * <p>Values are 12-bit modality values, MONOCHROME2 (high = dense = white): air ~150, lung ~700, soft tissue ~1900,
 * bone up to ~3300.
 */
public final class ChestPhantom {
    public static final int BITS_STORED = 12;
    private static final long NOISE_SEED = 20200311L;
    private static final float AIR = 150f;
    private static final float SOFT_TISSUE = 1900f;
    private static final float LUNG = 700f;
    private static final float HEART = 2150f;
    private static final float MEDIASTINUM = 2250f;
    private static final float SPINE = 2550f;
    private static final float RIB = 480f;
    private static final float CLAVICLE = 700f;
    private static final float NOISE = 18f;
    /** Soft edge width in normalised units, so shapes look like projections rather than cut-outs. */
    private static final double EDGE = 0.012;

    private ChestPhantom() {
    }

    /** The phantom at the given size (at least 64 x 64). */
    public static XrayImage render(int width, int height) {
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("the chest phantom needs at least 64 x 64 pixels, not "
                    + width + " x " + height);
        }
        float[] values = new float[width * height];
        SplittableRandom noise = new SplittableRandom(NOISE_SEED);
        for (int y = 0; y < height; y++) {
            double v = (y + 0.5) / height;
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width;
                float value = (float) density(u, v) + (float) (noise.nextDouble(-1, 1) * NOISE);
                values[y * width + x] = Math.max(0f, Math.min((1 << BITS_STORED) - 1, value));
            }
        }
        StudyInfo study = new StudyInfo("", "", "", "", Optional.empty(), "", "DX", "CHEST", "PA", "",
                "covidcxr synthetic chest phantom", "", false, "", BurnedInText.ABSENT);
        return new XrayImage(width, height, values, Photometric.MONOCHROME2,
                List.of(new Window(1800, 3000, "phantom")), Optional.empty(), BITS_STORED, 1, study);
    }

    /** Density at normalised image coordinates (u right, v down, both in [0, 1]). */
    private static double density(double u, double v) {
        double body = inside(ellipse(u, v, 0.5, 0.58, 0.47, 0.60));
        double d = AIR + (SOFT_TISSUE - AIR) * body;

        // Lungs end at the diaphragm domes, which sit lower at the sides (costophrenic angles).
        double lungs = Math.max(lung(u, v, 0.30), lung(u, v, 0.70));
        d -= (SOFT_TISSUE - LUNG) * lungs * body;

        // Heart: to the image's right of the midline (patient's left), overlapping the left lung.
        double heart = inside(ellipse(u, v, 0.56, 0.66, 0.16, 0.12));
        d += (HEART - d) * heart;

        double mediastinum = inside(Math.abs(u - 0.5) / 0.06 - 1) * inside((0.10 - v) * 4);
        d += (MEDIASTINUM - d) * mediastinum * body;
        double spine = inside(Math.abs(u - 0.5) / 0.035 - 1) * inside((0.08 - v) * 4);
        d += (SPINE - d) * spine * body;

        for (int k = 0; k < 9; k++) {
            d += RIB * body * (rib(u, v, k, 0.30) + rib(u, v, k, 0.70));
        }
        d += CLAVICLE * body * (clavicle(u, v, -1) + clavicle(u, v, 1));
        return d;
    }

    private static double lung(double u, double v, double centreU) {
        double dome = 0.80 - 0.07 * Math.cos(Math.PI * (u - centreU) / 0.32);
        return inside(ellipse(u, v, centreU, 0.50, 0.155, 0.34)) * inside((v - dome) * 4);
    }

    /** One posterior rib arc: rises from the spine, curves out and down over the lung. */
    private static double rib(double u, double v, int k, double centreU) {
        double side = Math.signum(centreU - 0.5);
        double t = (u - 0.5) * side;               // 0 at the spine, grows outwards
        if (t < 0.035) {
            return 0;
        }
        double centreLine = 0.15 + 0.063 * k + 1.1 * (t - 0.12) * (t - 0.12);
        return band(v - centreLine, 0.010) * inside(ellipse(u, v, 0.5, 0.50, 0.43, 0.42) * 4);
    }

    private static double clavicle(double u, double v, int side) {
        double t = (u - 0.5) * side;
        if (t < 0.04 || t > 0.30) {
            return 0;
        }
        return band(v - (0.17 - 0.12 * t), 0.011);
    }

    /** Signed, normalised distance-like value: negative inside the ellipse, positive outside. */
    private static double ellipse(double u, double v, double cu, double cv, double ru, double rv) {
        double du = (u - cu) / ru;
        double dv = (v - cv) / rv;
        return Math.sqrt(du * du + dv * dv) - 1;
    }

    /** 1 well inside (negative signed value), 0 well outside, smooth across the edge. */
    private static double inside(double signed) {
        return 1 - smoothstep(-EDGE, EDGE, signed * 0.25);
    }

    private static double band(double offset, double halfWidth) {
        return 1 - smoothstep(halfWidth * 0.5, halfWidth, Math.abs(offset));
    }

    private static double smoothstep(double lo, double hi, double x) {
        double t = Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
        return t * t * (3 - 2 * t);
    }
}
