package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Ensemble;
import org.covidcxr.inference.network.ResNet;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCards;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Separately trained members joined into one served network, and fine-tuning such a network. */
class EnsembleTest {
    static PreparedDataset[] splits;
    @TempDir
    static Path runs;
    static Trainer.Result first;
    static Trainer.Result second;

    @BeforeAll
    static void trainTwoMembers() {
        assumeTrue(Files.isRegularFile(TrainerTest.DATA.resolve("manifest.csv")),
                "shared data missing at " + TrainerTest.DATA.toAbsolutePath() + " (set -Dcovidcxr.shared.data)");
        splits = Trainer.prepare(member(Path.of("unused"), 1), Datasets.load(TrainerTest.DATA));
        first = train(member(runs.resolve("seed1"), 1));
        second = train(member(runs.resolve("seed2"), 2));
    }

    static TrainingConfig member(Path out, long seed) {
        return TrainingConfig.builder(TrainerTest.DATA, out).width(4).inputSize(48).epochs(1).batchSize(12)
                .limitPerClass(12).seed(seed).threads(1).build();
    }

    static Trainer.Result train(TrainingConfig config) {
        return new Trainer(config, Architecture.byName("resnet", 4), new TrainingListener() { })
                .run(splits[0], splits[1], false);
    }

    @Test
    void namesRoundTripThroughTheModelCard() {
        Ensemble e = new Ensemble(new ResNet(16), 3);
        assertThat(e.cardName()).isEqualTo("resnet-ensemble3-w16");
        assertThat(Architecture.fromCardName(e.cardName())).isEqualTo(e);
        assertThat(Architecture.byName(e.name(), 16)).isEqualTo(e);
        assertThat(e.unfrozenBlocks()).containsExactly("m1_stage3", "m1_head", "m2_stage3", "m2_head", "m3_stage3",
                "m3_head");
        assertThatThrownBy(() -> Architecture.byName("resnet-ensemble1", 4)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Architecture.byName("resnet-ensemblex", 4)).hasMessageContaining("resnet-ensemble3");
    }

    @Test
    void theEnsembleServesItsMembersMeanLogitsAndAGradCamOfThatMean(@TempDir Path tmp) {
        Path one = export(new ResNet(4), new SavedModelExporter.Weights.FromCheckpoint(first.bestCheckpoint()),
                tmp.resolve("one"));
        Path two = export(new ResNet(4), new SavedModelExporter.Weights.FromCheckpoint(second.bestCheckpoint()),
                tmp.resolve("two"));
        Path both = export(new Ensemble(new ResNet(4), 2), new SavedModelExporter.Weights.FromMemberCheckpoints(
                List.of(first.bestCheckpoint(), second.bestCheckpoint())), tmp.resolve("both"));
        Path twice = export(new Ensemble(new ResNet(4), 2), new SavedModelExporter.Weights.FromMemberCheckpoints(
                List.of(first.bestCheckpoint(), first.bestCheckpoint())), tmp.resolve("twice"));

        float[] z1 = run(one, ModelSignature.OUTPUT_LOGITS);
        float[] z2 = run(two, ModelSignature.OUTPUT_LOGITS);
        float[] mean = run(both, ModelSignature.OUTPUT_LOGITS);
        assertThat(z1).isNotEqualTo(z2);
        for (int i = 0; i < mean.length; i++) {
            assertThat(mean[i]).isCloseTo((z1[i] + z2[i]) / 2, within(1e-4f));
        }
        // an ensemble of one network twice explains exactly like that network
        float[] cam = run(one, ModelSignature.OUTPUT_CAM);
        float[] camTwice = run(twice, ModelSignature.OUTPUT_CAM);
        assertThat(camTwice).hasSameSizeAs(cam);
        float peak = 0;
        for (int i = 0; i < cam.length; i++) {
            peak = Math.max(peak, cam[i]);
            assertThat(camTwice[i]).isCloseTo(cam[i], within(1e-4f + 1e-4f * Math.abs(cam[i])));
        }
        assertThat(peak).isPositive();
    }

    @Test
    void anEnsembleBundleFineTunesWithItsBackboneFrozen(@TempDir Path tmp) {
        TrainingConfig ensembleConfig = member(tmp.resolve("ensemble"), 1);
        ModelFinisher.Finished start = ModelFinisher.finish(new ModelFinisher.Candidate(ensembleConfig,
                        new Ensemble(new ResNet(4), 2), new SavedModelExporter.Weights.FromMemberCheckpoints(
                        List.of(first.bestCheckpoint(), second.bestCheckpoint())), first.train(), first.validation(),
                        "two tiny members."), "0.0.1-ensemble", Optional.empty(), "EnsembleTest", List.of(), "");
        assertThat(start.card().architecture()).isEqualTo("resnet-ensemble2-w4");

        TrainingConfig fineTune = TrainingConfig.builder(TrainerTest.DATA, tmp.resolve("fine-tuned")).epochs(1)
                .batchSize(12).limitPerClass(12).threads(1).initFrom(start.bundle()).freezeBackbone(true).build();
        ModelBundle tuned = TrainingRun.execute(fineTune, false, Optional.of("0.0.2-ensemble"),
                new TrainingListener() { });

        assertThat(ModelCards.read(tuned.directory().resolve(ModelBundle.CARD_FILE)).architecture())
                .isEqualTo("resnet-ensemble2-w4");
        for (String member : List.of("m1_", "m2_")) {
            assertThat(variable(tuned.directory(), member + "stem.conv_w"))
                    .containsExactly(variable(start.bundle(), member + "stem.conv_w"));
            assertThat(variable(tuned.directory(), member + "head.dense_w"))
                    .isNotEqualTo(variable(start.bundle(), member + "head.dense_w"));
        }
    }

    private static Path export(Architecture architecture, SavedModelExporter.Weights weights, Path dir) {
        return SavedModelExporter.export(architecture, 48, 1f, weights, dir).directory();
    }

    /** One output of the SavedModel for the first 8 validation images, flattened. */
    private static float[] run(Path savedModel, String output) {
        int n = 8;
        int pixels = 48 * 48;
        float[] images = new float[n * pixels];
        for (int i = 0; i < n; i++) {
            System.arraycopy(splits[1].pixels(i), 0, images, i * pixels, pixels);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG);
             TFloat32 x = TFloat32.tensorOf(Shape.of(n, 48, 48, 1), DataBuffers.of(images, true, false));
             Result r = bundle.function(ModelSignature.SIGNATURE).call(Map.of(ModelSignature.INPUT_IMAGE, x))) {
            return flatten((TFloat32) r.get(output).orElseThrow());
        }
    }

    private static float[] variable(Path bundle, String name) {
        try (SavedModelBundle b = SavedModelBundle.load(bundle.resolve(ModelBundle.SAVED_MODEL_DIR).toString(),
                ModelSignature.TAG);
             TFloat32 t = (TFloat32) b.session().runner().fetch(name).run().get(0)) {
            return flatten(t);
        }
    }

    private static float[] flatten(TFloat32 t) {
        float[] out = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }
}
