package org.covidcxr.app.selftest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStore;

/**
 * {@code covidcxr --self-test}: checks on this machine, with no network, that the product works end to end. It
 * loads native TensorFlow, opens the model store (seeding the bundled default model into an empty one), loads and
 * verifies the active model, analyses the synthetic chest phantom twice and checks that the results are finite,
 * valid probabilities and identical. The outcome is one line for support staff and scripts.
 */
public final class SelfTest {
    public static final String PASS = "SELF-TEST PASS";
    public static final String FAIL = "SELF-TEST FAIL";
    /** A typical radiograph's aspect (taller than wide), so letterboxing is exercised too. */
    static final int PHANTOM_WIDTH = 448;
    static final int PHANTOM_HEIGHT = 512;
    private static final double PROBABILITY_SUM_TOLERANCE = 1e-3;
    /** A map is scaled so its hottest pixel is 1; rounding may put it a float step above. */
    private static final float HEAT_MAP_TOLERANCE = 1e-5f;

    private final Supplier<ModelStore> storeOpener;

    /** @param storeOpener opens the store to test ({@link ModelStore#openDefault()} for the installed product) */
    public SelfTest(Supplier<ModelStore> storeOpener) {
        this.storeOpener = storeOpener;
    }

    /** The result: one line and the exit status the launcher returns. */
    public record Outcome(boolean passed, String line) {
        public int exitCode() {
            return passed ? 0 : 1;
        }
    }

    /** Never throws for a failing product: every problem becomes a FAIL line naming it. */
    public Outcome run() {
        long start = System.nanoTime();
        String stage = "loading native TensorFlow";
        try {
            TensorFlowRuntime.Info runtime = TensorFlowRuntime.bootstrap();
            stage = "opening the model store";
            ModelStore store = storeOpener.get();
            stage = "verifying the active model";
            ModelBundle bundle = store.requireActive();
            stage = "loading model " + bundle.version();
            try (CovidClassifier classifier = CovidClassifier.open(bundle.savedModelDirectory(), bundle.card())) {
                ComputeDevice device = ComputeDevice.of(runtime, classifier.gpu());
                stage = "analysing the synthetic chest phantom with model " + bundle.version();
                XrayImage phantom = ChestPhantom.render(PHANTOM_WIDTH, PHANTOM_HEIGHT);
                Diagnosis first = classifier.diagnose(phantom);
                Diagnosis second = classifier.diagnose(phantom);
                String problem = problemWith(first);
                if (problem == null && !identical(first, second)) {
                    problem = "two analyses of the same image differ (the model is not deterministic on this "
                            + "machine)";
                }
                if (problem != null) {
                    return fail("model " + bundle.version() + " on " + device.label() + ": " + problem);
                }
                return new Outcome(true, String.format(Locale.ROOT,
                        "%s: model %s on %s; phantom %s; identical twice; %.1f s", PASS, bundle.version(),
                        device.describe(), probabilities(first), (System.nanoTime() - start) / 1e9));
            }
        } catch (RuntimeException | LinkageError e) {
            return fail(stage + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    private static Outcome fail(String reason) {
        return new Outcome(false, FAIL + ": " + reason.replace('\n', ' '));
    }

    /** Why the diagnosis is unusable, or null when it is fine. */
    static String problemWith(Diagnosis d) {
        float[] p = d.probabilities();
        double sum = 0;
        for (float v : p) {
            if (!(v >= 0 && v <= 1)) {
                return "probability " + v + " is not in [0, 1] (" + probabilities(d) + ")";
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
            return "probabilities add up to " + sum + ", not 1 (" + probabilities(d) + ")";
        }
        for (float v : d.logits()) {
            if (!Float.isFinite(v)) {
                return "logit " + v + " is not finite";
            }
        }
        for (int i = 0; i < d.heatMaps().size(); i++) {
            HeatMap map = d.heatMaps().get(i);
            // Interpolation stays between grid values: non-negative cells and a maximum of 1 bound every pixel.
            for (float v : map.cells()) {
                if (!(v >= 0)) {
                    return "heat map of '" + d.classes().get(i) + "' holds " + v + ", outside [0, 1]";
                }
            }
            if (!(map.max() <= 1 + HEAT_MAP_TOLERANCE)) {
                return "heat map of '" + d.classes().get(i) + "' reaches " + map.max() + ", above 1";
            }
        }
        return null;
    }

    static boolean identical(Diagnosis a, Diagnosis b) {
        return Arrays.equals(a.probabilities(), b.probabilities()) && Arrays.equals(a.logits(), b.logits())
                && sameMaps(a.heatMaps(), b.heatMaps());
    }

    private static boolean sameMaps(List<HeatMap> a, List<HeatMap> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameAs(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String probabilities(Diagnosis d) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < d.classes().size(); i++) {
            s.append(i == 0 ? "" : " ").append(d.classes().get(i)).append('=')
                    .append(String.format(Locale.ROOT, "%.4f", d.probabilities()[i]));
        }
        return s.toString();
    }
}
