package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training options against the source shortcut, on real images of both sources: the weights each step feeds,
 * the nuisance augmentation, and a real TensorFlow run with every option on.
 */
class ShortcutDefencesTest {
    static PreparedDataset mixed;

    /** 4 COVID-19 (ieee8023), pneumonia 2 ieee8023 + 6 nih, normal 1 ieee8023 + 6 nih. */
    @BeforeAll
    static void load() {
        assumeThat(Files.isRegularFile(TrainerTest.DATA.resolve("manifest.csv")))
                .as("shared data missing at " + TrainerTest.DATA.toAbsolutePath()).isTrue();
        List<LabelledImage> train = Datasets.split(Datasets.load(TrainerTest.DATA), Datasets.TRAIN);
        List<LabelledImage> chosen = new ArrayList<>();
        take(train, chosen, ModelSignature.COVID, "ieee8023", 4);
        take(train, chosen, 2, "ieee8023", 2);
        take(train, chosen, 2, "nih", 6);
        take(train, chosen, 1, "ieee8023", 1);
        take(train, chosen, 1, "nih", 6);
        mixed = PreparedDataset.prepare(chosen, new Preprocessor(32), 1);
    }

    private static void take(List<LabelledImage> from, List<LabelledImage> to, int label, String source, int n) {
        from.stream().filter(i -> i.label() == label && i.source().equals(source)).limit(n).forEach(to::add);
    }

    private static int[] all() {
        return IntStream.range(0, mixed.size()).toArray();
    }

    private static double sumOf(float[] w, int label, String source) {
        double sum = 0;
        for (int i = 0; i < mixed.size(); i++) {
            if (mixed.label(i) == label && mixed.image(i).source().equals(source)) {
                sum += w[i];
            }
        }
        return sum;
    }

    @Test
    void sourceBalancingGivesEachSourceOfAClassAnEqualShareAndKeepsTheAverageAtOne() {
        float[] plain = new BatchWeights(mixed, false).samples(all());
        float[] balanced = new BatchWeights(mixed, true).samples(all());

        assertThat(plain[4]).as("without balancing both pneumonia sources weigh the same per image")
                .isEqualTo(plain[6]);
        assertThat(sumOf(balanced, 2, "ieee8023")).isCloseTo(sumOf(balanced, 2, "nih"), within(1e-4));
        assertThat(sumOf(balanced, 1, "ieee8023")).isCloseTo(sumOf(balanced, 1, "nih"), within(1e-4));
        for (float[] w : List.of(plain, balanced)) {
            double mean = 0;
            for (float v : w) {
                mean += v / w.length;
            }
            assertThat(mean).isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void theAdversaryAsksWhichSourceOnlyWithinClassesThatHaveTwo() {
        BatchWeights weights = new BatchWeights(mixed, false);
        float[] adversary = weights.adversary(all());

        assertThat(sumOf(adversary, ModelSignature.COVID, "ieee8023")).as("COVID-19 has one source").isZero();
        assertThat(sumOf(adversary, 2, "ieee8023")).isCloseTo(sumOf(adversary, 2, "nih"), within(1e-6));
        assertThat(sumOf(adversary, 1, "ieee8023")).isCloseTo(sumOf(adversary, 1, "nih"), within(1e-6));
        assertThat(IntStream.range(0, adversary.length).mapToDouble(i -> adversary[i]).sum()).isCloseTo(1,
                within(1e-5));
        assertThat(weights.sourceCount()).isEqualTo(2);
        float[] oneHot = weights.sourceOneHot(all());
        assertThat(oneHot[0 * 2]).as("ieee8023 is source 0 (name order)").isEqualTo(1);
        assertThat(oneHot[mixed.size() * 2 - 1]).as("the last image is from nih").isEqualTo(1);
    }

    @Test
    void rankingPairsJoinCovidToTheNonCovidImagesOfItsOwnSourceOnly() {
        int b = mixed.size();
        float[] pairs = new BatchWeights(mixed, false).pairs(all());
        int ownSourceNegatives = 3; // 2 pneumonia + 1 normal from ieee8023
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                boolean expected = mixed.label(i) == ModelSignature.COVID && mixed.label(j) != ModelSignature.COVID
                        && mixed.image(j).source().equals("ieee8023");
                assertThat(pairs[i * b + j]).as("pair %d, %d", i, j)
                        .isEqualTo(expected ? 1f / (4 * ownSourceNegatives) : 0f);
            }
        }
    }

    @Test
    void nuisanceReprocessesAboutHalfTheImagesDeterministically() {
        int size = 64;
        float[] src = mixed.pixels(0).length == size * size ? mixed.pixels(0) : resized(size);
        ShortcutDefences nuisance = ShortcutDefences.NONE.withNuisance(true);
        assertThat(nuisance.textMarkers()).as("nuisance includes text markers").isTrue();
        int differing = 0;
        for (int index = 0; index < 40; index++) {
            float[] a = new float[size * size];
            float[] b = new float[size * size];
            float[] markersOnly = new float[size * size];
            new Augmenter(5, nuisance).augment(src, size, 1, index, a);
            new Augmenter(5, nuisance).augment(src, size, 1, index, b);
            new Augmenter(5, ShortcutDefences.NONE.withTextMarkers(true)).augment(src, size, 1, index, markersOnly);
            assertThat(a).containsExactly(b);
            differing += java.util.Arrays.equals(a, markersOnly) ? 0 : 1;
        }
        assertThat(differing).as("re-processed: about half the images; the rest as without nuisance")
                .isBetween(12, 28);
    }

    private static float[] resized(int size) {
        return PreparedDataset.prepare(List.of(mixed.image(0)), new Preprocessor(size), 1).pixels(0);
    }

    @Test
    void aRunWithEveryDefenceTrainsReportsItsLossesAndRecordsItsSettings(@TempDir Path tmp) {
        ShortcutDefences every = new ShortcutDefences(true, true, true, 0.5, 1);
        TrainingConfig config = TrainingConfig.builder(TrainerTest.DATA, tmp.resolve("run")).width(4).inputSize(32)
                .epochs(2).batchSize(8).seed(3).threads(1).defences(every).selectOn(EpochSelection.WITHIN_SOURCE)
                .build();
        List<String> messages = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };
        Trainer.Result result = new Trainer(config, Architecture.byName("resnet", 4), listener).run(mixed, mixed,
                false);

        assertThat(result.state().epochsDone()).isEqualTo(2);
        assertThat(result.state().settings()).containsEntry("adversarialWeight", "0.5")
                .containsEntry("rankingWeight", "1.0").containsEntry("nuisance", "true")
                .containsEntry("sourceBalanced", "true").containsEntry("selectOn", "within-source");
        assertThat(result.state().history().get(1).validationWithinSourceAuroc()).isBetween(0.0, 1.0);
        assertThat(result.state().bestAuroc()).as("the best epoch is chosen within source")
                .isEqualTo(result.state().history().get(result.state().bestEpoch() - 1)
                        .validationWithinSourceAuroc());
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("source adversary loss"))
                .anySatisfy(m -> assertThat(m).startsWith("within-source ranking loss"));

        TrainingConfig without = TrainingConfig.builder(TrainerTest.DATA, tmp.resolve("run")).width(4)
                .inputSize(32).epochs(2).batchSize(8).seed(3).threads(1).selectOn(EpochSelection.WITHIN_SOURCE)
                .build();
        assertThatThrownBy(() -> new Trainer(without, Architecture.byName("resnet", 4), listener).run(mixed, mixed,
                true)).hasMessageContaining("adversarial weight 0.5 (now null)");
    }

    private static org.assertj.core.data.Offset<Double> within(double v) {
        return org.assertj.core.data.Offset.offset(v);
    }
}
