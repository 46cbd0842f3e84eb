package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.network.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class SavedModelExporterTest {

    @Test
    void exportsTheContractWithCalibratedProbabilitiesAndOneCamPerClass(@TempDir Path tmp) {
        float temperature = 2f;
        for (String arch : new String[] {"resnet", "vgg"}) {
            Path dir = tmp.resolve(arch);
            SavedModelExporter.Exported exported = SavedModelExporter.export(Architecture.byName(arch, 4), 64,
                    temperature, new SavedModelExporter.Weights.Random(7), dir);
            assertThat(exported.camSize()).isEqualTo(4);
            assertThat(exported.flopsPerImage()).isPositive();

            float[] input = new float[2 * 64 * 64];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) Math.sin(i * 0.01);
            }
            try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ModelSignature.TAG);
                 TFloat32 image = TFloat32.tensorOf(Shape.of(2, 64, 64, 1), DataBuffers.of(input, true, false));
                 Result result = bundle.function(ModelSignature.SIGNATURE)
                         .call(Map.of(ModelSignature.INPUT_IMAGE, image))) {
                Signature signature = bundle.function(ModelSignature.SIGNATURE).signature();
                assertThat(signature.inputNames()).containsExactly(ModelSignature.INPUT_IMAGE);
                TFloat32 p = (TFloat32) result.get(ModelSignature.OUTPUT_PROBABILITIES).orElseThrow();
                TFloat32 z = (TFloat32) result.get(ModelSignature.OUTPUT_LOGITS).orElseThrow();
                TFloat32 cam = (TFloat32) result.get(ModelSignature.OUTPUT_CAM).orElseThrow();
                assertThat(p.shape()).isEqualTo(Shape.of(2, 3));
                assertThat(cam.shape()).isEqualTo(Shape.of(2, 3, 4, 4));
                for (int n = 0; n < 2; n++) {
                    double sum = 0;
                    for (int c = 0; c < 3; c++) {
                        sum += Math.exp(z.getFloat(n, c) / temperature);
                    }
                    for (int c = 0; c < 3; c++) {
                        assertThat((double) p.getFloat(n, c))
                                .isCloseTo(Math.exp(z.getFloat(n, c) / temperature) / sum, within(1e-5));
                    }
                }
                for (long i = 0; i < cam.size(); i++) {
                    assertThat(cam.getFloat(i / 48, (i / 16) % 3, (i / 4) % 4, i % 4)).isGreaterThanOrEqualTo(0f);
                }
            }
        }
    }
}
