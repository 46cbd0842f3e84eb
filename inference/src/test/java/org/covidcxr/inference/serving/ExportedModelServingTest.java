package org.covidcxr.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.training.SavedModelExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 2: export → DJL load → predict gives what the TensorFlow Java session of that export gives. */
class ExportedModelServingTest {
    private static final int INPUT = 64;

    @Test
    void djlGivesTheSessionsProbabilitiesAndGradCamForEveryArchitecture(@TempDir Path tmp) {
        List<XrayImage> images = List.of(ContractModels.imageWithBlob(256, 128, 160, 32, 192, 64),
                ContractModels.imageWithBlob(90, 180, 10, 120, 50, 170));
        Preprocessor preprocessor = new Preprocessor(INPUT);
        int plane = INPUT * INPUT;
        float[] batch = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(preprocessor.prepare(images.get(i)).pixels(), 0, batch, i * plane, plane);
        }
        for (String name : List.of("resnet", "vgg")) {
            Path dir = tmp.resolve(name);
            SavedModelExporter.Exported exported = SavedModelExporter.export(Architecture.byName(name, 4), INPUT,
                    1.7f, new SavedModelExporter.Weights.Random(11), dir);
            int grid = exported.camSize();

            List<Diagnosis> served;
            try (CovidClassifier classifier = CovidClassifier.open(dir, ContractModels.card(INPUT))) {
                served = classifier.diagnoseAll(images);
            }
            try (SessionBaseline session = new SessionBaseline(dir)) {
                SessionBaseline.Outputs reference = session.run(batch, images.size());
                assertThat(reference.camShape()).containsExactly(images.size(), 3, grid, grid);
                for (int i = 0; i < images.size(); i++) {
                    Diagnosis d = served.get(i);
                    assertThat(d.probabilities()).as(name).containsExactly(slice(reference.probabilities(), i, 3),
                            within(1e-5f));
                    assertThat(d.logits()).as(name).containsExactly(slice(reference.logits(), i, 3), within(1e-5f));
                    PreparedImage prepared = preprocessor.prepare(images.get(i));
                    for (int c = 0; c < 3; c++) {
                        HeatMap expected = CamRegistration.register(reference.cam(), (i * 3 + c) * grid * grid, grid,
                                grid, prepared.letterbox());
                        assertThat(d.heatMaps().get(c).cells()).containsExactly(expected.cells(), within(1e-4f));
                    }
                }
            }
        }
    }

    private static float[] slice(float[] rows, int i, int k) {
        float[] row = new float[k];
        System.arraycopy(rows, i * k, row, 0, k);
        return row;
    }
}
