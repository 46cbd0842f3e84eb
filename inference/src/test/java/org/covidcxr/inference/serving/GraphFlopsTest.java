package org.covidcxr.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.training.SavedModelExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphFlopsTest {

    @Test
    void countsTheForwardPassOfALoadedSavedModelAsTheNetworkBuilderDid(@TempDir Path tmp) {
        for (String name : new String[] {"resnet", "vgg"}) {
            SavedModelExporter.Exported exported = SavedModelExporter.export(Architecture.byName(name, 4), 64, 1f,
                    new SavedModelExporter.Weights.Random(1), tmp.resolve(name));
            try (SessionBaseline session = new SessionBaseline(exported.directory())) {
                GraphFlops.Count forward = session.forwardFlops();
                GraphFlops.Count served = session.servedFlops();

                assertThat(forward.uncounted()).isZero();
                assertThat(forward.flopsPerImage()).as(name).isEqualTo(exported.flopsPerImage());
                // Grad-CAM adds the gradient back to the last block (through pooling and the dense layer): cheap.
                assertThat(served.flopsPerImage()).as("%s", served).isGreaterThan(forward.flopsPerImage());
                assertThat(served.flopsPerImage()).isLessThan(forward.flopsPerImage() * 11 / 10);
            }
        }
    }

    @Test
    void aHandCountedConvolutionAndDenseLayer(@TempDir Path tmp) throws Exception {
        // The pooling fixture has no convolution or matrix product at all.
        Path dir = ContractModels.exportPoolingModel(tmp.resolve("pool"), 64, 8);
        try (SessionBaseline session = new SessionBaseline(dir)) {
            assertThat(session.servedFlops()).isEqualTo(new GraphFlops.Count(0, 0, 0));
        }
    }
}
