package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.covidcxr.dicom.FrontalChestCheck.Kind;
import org.junit.jupiter.api.Test;

class FrontalChestCheckTest {

    @Test
    void frontalChestRadiographsAndFilesThatSayNothingRaiseNoConcern() {
        assertThat(FrontalChestCheck.concerns(study("CR", "CHEST", "PA"))).isEmpty();
        assertThat(FrontalChestCheck.concerns(study("dx", "thorax", "ap"))).isEmpty();
        assertThat(FrontalChestCheck.concerns(StudyInfo.none(false))).isEmpty();
    }

    @Test
    void eachHeaderFieldSpeaksForItselfInOrderModalityBodyPartView() {
        assertThat(FrontalChestCheck.concerns(study("MR", "HEAD", "LATERAL")))
                .extracting(FrontalChestCheck.Concern::kind)
                .containsExactly(Kind.NOT_RADIOGRAPH, Kind.NOT_CHEST, Kind.NOT_FRONTAL);
        assertThat(FrontalChestCheck.concerns(study("CR", "CHEST", "LL"))).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("Lateral view (LL)"));
        assertThat(FrontalChestCheck.concerns(study("DX", "KNEE", "AP"))).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("KNEE"));
    }

    @Test
    void lateralSpellingsFromManifestsCount() {
        assertThat(FrontalChestCheck.isLateral(" lat ")).isTrue();
        assertThat(FrontalChestCheck.isLateral("XTABLE")).isTrue();
        assertThat(FrontalChestCheck.isLateral("PA")).isFalse();
    }

    private static StudyInfo study(String modality, String bodyPart, String view) {
        return new StudyInfo("", "", "", "", Optional.empty(), "", modality, bodyPart, view, "", "", "", false, "", BurnedInText.NOT_STATED);
    }
}
