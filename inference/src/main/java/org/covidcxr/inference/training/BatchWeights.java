package org.covidcxr.inference.training;

import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;

/**
 * The per-image and per-pair weights a training step feeds: class-balanced (optionally also source-balanced) loss
 * weights, the source adversary's weights and the within-source ranking pairs. Sources are numbered in name order.
 */
final class BatchWeights {
    private final PreparedDataset train;
    private final List<String> sources;
    private final int[] source;
    private final float[] sampleWeight;
    private final float[] adversaryWeight;

    BatchWeights(PreparedDataset train, boolean sourceBalanced) {
        this.train = train;
        int classes = ModelSignature.CLASSES.size();
        sources = train.images().stream().map(LabelledImage::source).distinct().sorted().toList();
        int n = train.size();
        source = new int[n];
        int[][] cell = new int[classes][sources.size()];
        int[] perClass = new int[classes];
        for (int i = 0; i < n; i++) {
            source[i] = sources.indexOf(train.image(i).source());
            cell[train.label(i)][source[i]]++;
            perClass[train.label(i)]++;
        }
        int presentClasses = 0;
        int[] sourcesOfClass = new int[classes];
        for (int c = 0; c < classes; c++) {
            presentClasses += perClass[c] > 0 ? 1 : 0;
            for (int k = 0; k < sources.size(); k++) {
                sourcesOfClass[c] += cell[c][k] > 0 ? 1 : 0;
            }
        }
        sampleWeight = new float[n];
        adversaryWeight = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int c = train.label(i);
            double classWeight = (double) n / (presentClasses * perClass[c]);
            double balance = sourceBalanced
                    ? Math.min(ShortcutDefences.MAX_BALANCE, (double) perClass[c] / (sourcesOfClass[c] * cell[c][source[i]]))
                    : 1;
            sampleWeight[i] = (float) (classWeight * balance);
            sum += sampleWeight[i];
            // only where a class has several sources can the adversary ask "which source?" without learning the class
            adversaryWeight[i] = sourcesOfClass[c] > 1 ? 1f / cell[c][source[i]] : 0;
        }
        for (int i = 0; i < n; i++) {
            sampleWeight[i] *= (float) (n / sum);
        }
    }

    int sourceCount() {
        return Math.max(1, sources.size());
    }

    /** Loss weights of the batch's images; the training set's average image weighs 1. */
    float[] samples(int[] batch) {
        float[] w = new float[batch.length];
        for (int i = 0; i < batch.length; i++) {
            w[i] = sampleWeight[batch[i]];
        }
        return w;
    }

    /** [batch, sources] row-major. */
    float[] sourceOneHot(int[] batch) {
        float[] out = new float[batch.length * sourceCount()];
        for (int i = 0; i < batch.length; i++) {
            out[i * sourceCount() + source[batch[i]]] = 1;
        }
        return out;
    }

    /** The adversary's weights, each source of a class weighing the same, summing to 1 over the batch (or all 0). */
    float[] adversary(int[] batch) {
        float[] w = new float[batch.length];
        double sum = 0;
        for (int i = 0; i < batch.length; i++) {
            w[i] = adversaryWeight[batch[i]];
            sum += w[i];
        }
        return normalised(w, sum);
    }

    /** [batch, batch] row-major: equal weights, summing to 1, on (COVID-19 i, non-COVID j) of the same source. */
    float[] pairs(int[] batch) {
        int b = batch.length;
        float[] w = new float[b * b];
        double count = 0;
        for (int i = 0; i < b; i++) {
            if (train.label(batch[i]) != ModelSignature.COVID) {
                continue;
            }
            for (int j = 0; j < b; j++) {
                if (train.label(batch[j]) != ModelSignature.COVID && source[batch[i]] == source[batch[j]]) {
                    w[i * b + j] = 1;
                    count++;
                }
            }
        }
        return normalised(w, count);
    }

    private static float[] normalised(float[] w, double sum) {
        if (sum > 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] /= (float) sum;
            }
        }
        return w;
    }
}
