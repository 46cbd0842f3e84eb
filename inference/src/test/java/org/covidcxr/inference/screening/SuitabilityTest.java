package org.covidcxr.inference.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.covidcxr.dicom.BurnedInText;
import org.covidcxr.dicom.StudyInfo;
import org.junit.jupiter.api.Test;

class SuitabilityTest {

    private static StudyInfo study(String modality, String bodyPart, String view) {
        return new StudyInfo("", "", "", "", Optional.empty(), "", modality, bodyPart, view, "", "", "", false, "", BurnedInText.NOT_STATED);
    }

    @Test
    void frontalChestRadiographsAndFilesThatSayNothingAreSuitable() {
        assertThat(Suitability.of(study("CR", "CHEST", "PA")).suitable()).isTrue();
        assertThat(Suitability.of(study("dx", "", "ap")).suitable()).isTrue();
        assertThat(Suitability.of(StudyInfo.none(false)).suitable()).isTrue();
    }

    @Test
    void otherModalitiesLateralViewsAndOtherBodyPartsAreFlaggedWithTheReason() {
        assertThat(Suitability.of(study("CT", "CHEST", "")).reasons()).singleElement().asString().contains("CT");
        assertThat(Suitability.of(study("CR", "CHEST", "LL")).reasons()).singleElement().asString()
                .contains("Lateral");
        assertThat(Suitability.of(study("DX", "KNEE", "AP")).reasons()).singleElement().asString().contains("KNEE");
        assertThat(Suitability.of(study("MR", "HEAD", "LATERAL")).reasons()).hasSize(3);
    }
}
