package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BurnedInTextTest {
    @Test
    void onlyAnExplicitNoCountsAsFreeOfBurnedInText() throws Exception {
        assertThat(BurnedInText.of("YES")).isEqualTo(BurnedInText.PRESENT);
        assertThat(BurnedInText.of(" yes ")).isEqualTo(BurnedInText.PRESENT);
        assertThat(BurnedInText.of("NO")).isEqualTo(BurnedInText.ABSENT);
        assertThat(BurnedInText.of("")).isEqualTo(BurnedInText.NOT_STATED);
        assertThat(BurnedInText.of(null)).isEqualTo(BurnedInText.NOT_STATED);
        assertThat(BurnedInText.of("MAYBE")).isEqualTo(BurnedInText.NOT_STATED);
        // The real radiograph says nothing; a PNG never can.
        assertThat(XrayImageReader.read(SharedData.dir("dicom/real").resolve("CR-MONO1-10-chest.dcm")).study()
                .burnedInText()).isEqualTo(BurnedInText.NOT_STATED);
        assertThat(StudyInfo.none(false).burnedInAnnotation()).isFalse();
    }
}
