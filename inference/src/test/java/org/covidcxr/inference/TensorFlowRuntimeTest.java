package org.covidcxr.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TensorFlowRuntimeTest {

    @Test
    void loadsNativesOfflineForTensorFlowJavaAndDjl() {
        TensorFlowRuntime.Info info = TensorFlowRuntime.bootstrap();

        assertThat(info.libraryFolder().resolve("libjnitensorflow.so")).isRegularFile();
        assertThat(System.getProperty(TensorFlowRuntime.LIBRARY_PATH_PROPERTY))
                .isEqualTo(info.libraryFolder().toString());
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(info.version()).startsWith("2.");
        assertThat(info.devices()).contains("CPU");
        // DJL's engine starts on the same natives, without a download (offline mode would make one fail).
        Engine engine = Engine.getEngine("TensorFlow");
        assertThat(engine.getVersion()).isEqualTo(info.version());
        assertThat(TensorFlowRuntime.bootstrap()).isSameAs(info);
        assertThat(Files.isDirectory(info.libraryFolder())).isTrue();
    }
}
