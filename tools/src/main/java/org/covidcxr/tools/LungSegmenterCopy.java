package org.covidcxr.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.segmentation.LungSegmenterTrainer;
import org.covidcxr.inference.segmentation.PixelGate;

/** Puts an exported lung segmenter into a model bundle (before it is sealed), where {@link PixelGate} finds it. */
final class LungSegmenterCopy {

    private LungSegmenterCopy() {
    }

    /** @return the segmenter's training record, for the model card */
    static Map<String, Object> into(Path segmenter, Path bundle) {
        Path target = bundle.resolve(PixelGate.FOLDER);
        try {
            for (String part : new String[] {"saved_model", LungSegmenterTrainer.ATLAS_FILE,
                LungSegmenterTrainer.RECORD_FILE}) {
                Path from = segmenter.resolve(part);
                if (!Files.exists(from)) {
                    throw new IllegalArgumentException(segmenter + " holds no " + part + "; export a segmenter with "
                            + "train-segmenter first");
                }
                FileTrees.copy(from, target.resolve(part));
            }
            return new ObjectMapper().readValue(target.resolve(LungSegmenterTrainer.RECORD_FILE).toFile(),
                    new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the lung segmenter into " + bundle + ": " + e.getMessage(), e);
        }
    }
}
