package org.covidcxr.inference.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PatientBootstrapTest {

    /*
     * Known case: negatives score U(0, 1), positives U(0.5, 1.5). The true AUROC is
     * P(X > Y) = 1 − P(X < Y) = 1 − ½ · 0.5² = 0.875 (the two squares overlap in a 0.5 × 0.5 square).
     * Every patient has two images with the same score (e.g. two views of one lesion): image-level resampling
     * would pretend to twice the information, patient-level resampling must not.
     */
    private static final double TRUE_AUROC = 0.875;
    private static final int POSITIVE_PATIENTS = 40;
    private static final int NEGATIVE_PATIENTS = 60;
    private static final int IMAGES_PER_PATIENT = 2;
    private static final int DATASETS = 300;
    private static final int RESAMPLES = 1000;

    private record Dataset(double[] scores, boolean[] positive, List<String> patients) {
    }

    private static Dataset dataset(SplittableRandom random) {
        int patients = POSITIVE_PATIENTS + NEGATIVE_PATIENTS;
        double[] scores = new double[patients * IMAGES_PER_PATIENT];
        boolean[] positive = new boolean[scores.length];
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            boolean pos = p < POSITIVE_PATIENTS;
            double score = random.nextDouble() + (pos ? 0.5 : 0);
            for (int k = 0; k < IMAGES_PER_PATIENT; k++) {
                int i = p * IMAGES_PER_PATIENT + k;
                scores[i] = score;
                positive[i] = pos;
                ids.add("patient-" + p);
            }
        }
        return new Dataset(scores, positive, ids);
    }

    private static ConfidenceInterval interval(Dataset d, List<String> resamplingUnits, long seed) {
        Roc roc = new Roc(d.scores());
        Optional<ConfidenceInterval> ci = new PatientBootstrap(resamplingUnits).intervals(1,
                w -> new double[]{roc.auroc(d.positive(), w).orElse(Double.NaN)}, RESAMPLES, seed).get(0);
        return ci.orElseThrow();
    }

    @Test
    void patientLevelIntervalsCoverTheTrueAurocAboutNinetyFivePercentOfTheTime() {
        SplittableRandom random = new SplittableRandom(2020);
        int patientCovered = 0;
        int imageCovered = 0;
        for (int r = 0; r < DATASETS; r++) {
            Dataset d = dataset(random);
            if (interval(d, d.patients(), r).contains(TRUE_AUROC)) {
                patientCovered++;
            }
            List<String> everyImageItsOwnPatient = new ArrayList<>();
            for (int i = 0; i < d.scores().length; i++) {
                everyImageItsOwnPatient.add("image-" + i);
            }
            if (interval(d, everyImageItsOwnPatient, r).contains(TRUE_AUROC)) {
                imageCovered++;
            }
        }
        double coverage = (double) patientCovered / DATASETS;
        double naiveCoverage = (double) imageCovered / DATASETS;
        System.out.printf("bootstrap coverage of the true AUROC: patient-level %.3f, image-level %.3f%n",
                coverage, naiveCoverage);
        assertThat(coverage).as("patient-level coverage").isBetween(0.90, 0.99);
        // The naive image-level bootstrap is too narrow here (≈ 1/√2 of the width: about 83% coverage).
        assertThat(naiveCoverage).as("image-level coverage").isLessThan(0.90);
    }

    @Test
    void duplicatingEveryImageOfAPatientLeavesTheIntervalUnchanged() {
        // One image per patient, then the same data with each image repeated: the same patients are drawn, so the
        // interval must be identical — the bootstrap's unit is the patient, not the image.
        double[] scores = {0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.6};
        boolean[] positive = {false, false, true, true, true, false, true, false};
        List<String> patients = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        double[] doubled = new double[16];
        boolean[] doubledPositive = new boolean[16];
        List<String> doubledPatients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            doubled[2 * i] = doubled[2 * i + 1] = scores[i];
            doubledPositive[2 * i] = doubledPositive[2 * i + 1] = positive[i];
            doubledPatients.add(patients.get(i));
            doubledPatients.add(patients.get(i));
        }
        ConfidenceInterval single = interval(new Dataset(scores, positive, patients), patients, 5);
        ConfidenceInterval twice = interval(new Dataset(doubled, doubledPositive, doubledPatients), doubledPatients, 5);
        assertThat(twice).isEqualTo(single);
    }

    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertThat(PatientBootstrap.quantile(sorted, 0.5)).isEqualTo(3);
        assertThat(PatientBootstrap.quantile(sorted, 0.025)).isCloseTo(1.1, within(1e-12));
        assertThat(PatientBootstrap.quantile(sorted, 0.975)).isCloseTo(4.9, within(1e-12));
    }
}
