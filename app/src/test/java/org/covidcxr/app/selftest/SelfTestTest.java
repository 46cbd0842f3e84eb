package org.covidcxr.app.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfTestTest {

    @Test
    void passesWithTheBundledDefaultModelSeededIntoAnEmptyStore(@TempDir Path store) {
        assumeFalse(BundledModels.standard().versions().isEmpty(),
                "no bundled default model yet in model-store/models/ (" + BundledModels.standard().description()
                        + "); the self-test cannot pass without one");

        SelfTest.Outcome outcome = new SelfTest(() -> ModelStore.open(store)).run();

        assertThat(outcome.line()).startsWith(SelfTest.PASS + ": model ").contains("identical twice")
                .containsPattern(" on (CPU|GPU)").contains("covid=");
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void failsWithOneLineNamingTheProblemWhenNoModelIsAvailable(@TempDir Path store) {
        ModelStore.Settings noBundledModel = ModelStore.Settings.defaults().withBundledModels(BundledModels.none());

        SelfTest.Outcome outcome = new SelfTest(() -> ModelStore.open(store, noBundledModel)).run();

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.line()).startsWith(SelfTest.FAIL + ": verifying the active model: ")
                .contains("No model is active").doesNotContain("\n");
    }

    @Test
    void failsWhenTheStoreCannotBeOpened() {
        SelfTest.Outcome outcome = new SelfTest(() -> {
            throw new IllegalStateException("folder is read-only");
        }).run();

        assertThat(outcome.line()).isEqualTo(SelfTest.FAIL + ": opening the model store: folder is read-only");
    }

    @Test
    void acceptsAValidDiagnosis() {
        assertThat(SelfTest.problemWith(diagnosis(new float[] {0.2f, 0.5f, 0.3f}, 0.5f))).isNull();
    }

    @Test
    void rejectsNonFiniteOrInvalidProbabilitiesAndMaps() {
        assertThat(SelfTest.problemWith(diagnosis(new float[] {Float.NaN, 0.5f, 0.5f}, 0.5f)))
                .contains("probability NaN");
        assertThat(SelfTest.problemWith(diagnosis(new float[] {0.5f, 0.5f, 0.5f}, 0.5f)))
                .contains("add up to 1.5");
        assertThat(SelfTest.problemWith(diagnosis(new float[] {0.2f, 0.5f, 0.3f}, Float.POSITIVE_INFINITY)))
                .contains("heat map of 'covid'");
    }

    @Test
    void comparesEveryOutputWhenCheckingDeterminism() {
        Diagnosis a = diagnosis(new float[] {0.2f, 0.5f, 0.3f}, 0.5f);
        assertThat(SelfTest.identical(a, diagnosis(new float[] {0.2f, 0.5f, 0.3f}, 0.5f))).isTrue();
        assertThat(SelfTest.identical(a, diagnosis(new float[] {0.2f, 0.5f, 0.3f}, 0.25f))).isFalse();
        assertThat(SelfTest.identical(a, diagnosis(new float[] {0.2f, 0.3f, 0.5f}, 0.5f))).isFalse();
    }

    private static Diagnosis diagnosis(float[] probabilities, float mapValue) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(Math.max(probabilities[i], 1e-6f));
        }
        List<HeatMap> maps = ModelSignature.CLASSES.stream()
                .map(c -> new HeatMap(2, 2, new float[] {0f, mapValue, 1f, 0.5f}))
                .toList();
        return new Diagnosis("1.0.0", ModelSignature.CLASSES, probabilities, logits, 0.5f, 0.5f, maps,
                java.util.OptionalDouble.empty());
    }
}
