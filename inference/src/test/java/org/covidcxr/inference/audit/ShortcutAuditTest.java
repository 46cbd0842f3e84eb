package org.covidcxr.inference.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.data.LabelledImage;
import org.junit.jupiter.api.Test;

/**
 * Two toy models on images where the source shows in the border and the disease in the lungs: one reads the
 * border (a source detector), one reads the lungs. The audit must tell them apart the way it should tell a shortcut
 * model from a disease model.
 */
class ShortcutAuditTest {
    static final int SIZE = 64;
    static final int LUNG_FROM = 16;
    static final int LUNG_TO = 48;
    static final double THRESHOLD = 0.5;

    /** Mean of the top rows: bright in source "a" (where every COVID-19 image is), dark in "b". */
    static final ToDoubleFunction<XrayImage> READS_THE_BORDER = x -> region(x, 0, SIZE, 0, 4) / 255;
    /** How bright the lungs are: a COVID-19 image has a bright patch there. */
    static final ToDoubleFunction<XrayImage> READS_THE_LUNGS = x ->
            Math.max(0, Math.min(1, (region(x, LUNG_FROM, LUNG_TO, LUNG_FROM, LUNG_TO) - 100) / 40));

    @Test
    void aBorderReaderKeepsItsAurocOnTheBorderAndHasNoneWithinASource() {
        ShortcutAuditReport report = ShortcutAudit.run("border reader", subjects(), READS_THE_BORDER, THRESHOLD);

        double full = report.row("all sources", "full image").orElseThrow().auroc();
        assertThat(full).isGreaterThan(0.7);
        assertThat(report.row("all sources", "border only").orElseThrow().auroc()).isEqualTo(full);
        assertThat(report.row("within a", "full image").orElseThrow().auroc()).isBetween(0.25, 0.75);
        assertThat(report.row("within b", "full image")).as("no COVID-19 in b: no AUROC").isEmpty();
        assertThat(nuisance(report, "text marker").medianAbsoluteChange()).isPositive();
    }

    @Test
    void aLungReaderKeepsItsAurocWithinASourceAndLosesItOnTheBorderOrWithoutTheLungs() {
        ShortcutAuditReport report = ShortcutAudit.run("lung reader", subjects(), READS_THE_LUNGS, THRESHOLD);

        assertThat(report.row("within a", "full image").orElseThrow().auroc()).isEqualTo(1.0);
        assertThat(report.row("within a", "border only").orElseThrow().auroc()).isBetween(0.25, 0.75);
        ShortcutAuditReport.AurocRow hidden = report.row("within a", "lungs hidden").orElseThrow();
        assertThat(hidden.auroc()).isBetween(0.25, 0.75);
        assertThat(hidden.covid() + hidden.rest()).as("only images with a mask").isEqualTo(16);
        assertThat(report.row("within a", "full image, images with a lung mask").orElseThrow().auroc())
                .isEqualTo(1.0);
        ShortcutAuditReport.NuisanceRow marker = nuisance(report, "text marker");
        assertThat(marker.images()).isEqualTo(30);
        assertThat(marker.medianAbsoluteChange()).isZero();
        assertThat(marker.flips()).isZero();
        assertThat(report.markdown()).contains("| within a | lungs hidden, images with a lung mask | 8 | 8 |",
                "| text marker | 30 |");
    }

    private static ShortcutAuditReport.NuisanceRow nuisance(ShortcutAuditReport report, String name) {
        return report.nuisance().stream().filter(r -> r.transform().equals(name)).findFirst().orElseThrow();
    }

    /** Source a: 10 COVID-19 and 10 normal (masks for 8 of each); source b: 20 normal, no masks. */
    private static List<ShortcutAudit.Subject> subjects() {
        Random random = new Random(5);
        List<ShortcutAudit.Subject> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String source = i < 20 ? "a" : "b";
            boolean covid = i < 10;
            float[] v = new float[SIZE * SIZE];
            for (int p = 0; p < v.length; p++) {
                int x = p % SIZE;
                int y = p / SIZE;
                boolean lung = x >= LUNG_FROM && x < LUNG_TO && y >= LUNG_FROM && y < LUNG_TO;
                v[p] = (float) (y < 4 ? (source.equals("a") ? 240 : 20) : 100) + (float) random.nextGaussian() * 5;
                if (covid && lung && x < 40 && y < 40) {
                    v[p] += 40;
                }
            }
            XrayImage xray = new XrayImage(SIZE, SIZE, v, Photometric.MONOCHROME2, List.of(), Optional.empty(), 8,
                    1, StudyInfo.none(false));
            boolean masked = source.equals("a") && i % 10 < 8;
            out.add(new ShortcutAudit.Subject(new LabelledImage(Path.of("img" + i + ".png"),
                    covid ? ModelSignature.COVID : ModelSignature.CLASSES.indexOf("normal"), "p" + i, source, "test"),
                    xray, masked ? Optional.of(lungMask()) : Optional.empty()));
        }
        return out;
    }

    private static boolean[] lungMask() {
        boolean[] mask = new boolean[SIZE * SIZE];
        for (int p = 0; p < mask.length; p++) {
            int x = p % SIZE;
            int y = p / SIZE;
            mask[p] = x >= LUNG_FROM && x < LUNG_TO && y >= LUNG_FROM && y < LUNG_TO;
        }
        return mask;
    }

    private static double region(XrayImage x, int x0, int x1, int y0, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int xx = x0; xx < x1; xx++) {
                sum += x.value(xx, y);
            }
        }
        return sum / ((x1 - x0) * (y1 - y0));
    }
}
