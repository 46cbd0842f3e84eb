package org.covidcxr.app.training;

import org.covidcxr.inference.sitetraining.SiteTrainingSettings;

/**
 * What a run's training speed depends on, besides the computer: a measured images/s is used for estimates only
 * for runs with the same batch size, the same start (fine-tuning or not) and the same frozen backbone.
 */
public record Throughput(int batchSize, boolean fineTune, boolean frozenBackbone) {

    public static Throughput of(SiteTrainingSettings s) {
        return new Throughput(s.batchSize(), s.fineTune(), s.freezeBackbone());
    }

    public String describe() {
        return "batch " + batchSize + (fineTune ? frozenBackbone ? ", fine-tuning with a frozen backbone"
                : ", fine-tuning" : ", from scratch");
    }
}
