package org.covidcxr.app.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoticeWrapTest {
    @Test
    void longMessagesBreakBetweenWordsAndKeepEveryWord() {
        String text = "random.dcm: this is not a DICOM, PNG or JPEG image. Open the radiograph itself, exported from "
                + "the PACS as DICOM.";
        String wrapped = MainView.wrap(text, 40);
        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40)).hasSize(3);
        assertThat(wrapped.replace('\n', ' ')).isEqualTo(text);
        assertThat(MainView.wrap("short", 40)).isEqualTo("short");
        // A word longer than a line stays whole on its own line.
        assertThat(MainView.wrap("a /very/long/path/to/a/file/that/does/not/fit.dcm b", 10).lines()).hasSize(3);
    }
}
