package org.covidcxr.app.ui.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetadataViewModelTest {

    @Test
    void keywordsAreShownAsTheStandardsAttributeNames() {
        assertThat(MetadataViewModel.words("FileMetaInformationGroupLength"))
                .isEqualTo("File Meta Information Group Length");
        assertThat(MetadataViewModel.words("MediaStorageSOPClassUID")).isEqualTo("Media Storage SOP Class UID");
        assertThat(MetadataViewModel.words("Modality")).isEqualTo("Modality");
        assertThat(MetadataViewModel.words("Unknown")).isEqualTo("Unknown");
    }
}
