package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.covidcxr.inference.training.TrainingRun;
import org.covidcxr.modelstore.ModelCard;
import org.junit.jupiter.api.Test;

class InheritedLimitationsTest {

    @Test
    void aSiteModelStatesItsParentsLimitationsAsItsParentsWithoutItsPerSourceAdvice() {
        ModelCard parent = new ModelCard("1.1.1", "resnet-w16", ModelCard.DEFAULT_CLASSES, null, null, 0.06, 1.0,
                null, Map.of(), null, TrainingRun.LIMITATIONS, null, null, null, null);

        List<String> inherited = SiteTrainingWorker.inheritedLimitations(parent);

        assertThat(inherited).hasSameSizeAs(TrainingRun.LIMITATIONS)
                .allSatisfy(l -> assertThat(l).startsWith("From the parent model 1.1.1: "))
                .noneSatisfy(l -> assertThat(l).contains("inside ieee8023"));
        assertThat(inherited.get(0)).contains("site's own images");
    }
}
