package org.covidcxr.inference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Parameters;
import org.covidcxr.inference.network.ServingGraph;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Writes a SavedModel that satisfies {@link ModelSignature}: the {@link ServingGraph} of an architecture with its
 * weights taken from a training checkpoint, or seeded random weights (tests, and the "randomised weights" control of
 * the Grad-CAM sanity check). Only the serving graph is exported: no optimiser state, no training branch.
 */
public final class SavedModelExporter {

    /** Where the weights come from. */
    public sealed interface Weights {
        /** A checkpoint written by {@code Session.save} from a graph of the same architecture and width. */
        record FromCheckpoint(Path prefix) implements Weights {
        }

        /** Fresh seeded initialisation, as at the start of training. */
        record Random(long seed) implements Weights {
        }
    }

    /** What was exported. */
    public record Exported(Path directory, long flopsPerImage, int camSize) {
    }

    private SavedModelExporter() {
    }

    /**
     * @param directory must not exist yet or be empty; receives {@code saved_model.pb} and {@code variables/}
     */
    public static Exported export(Architecture architecture, int inputSize, float temperature, Weights weights,
                                  Path directory) {
        TensorFlowRuntime.bootstrap();
        try {
            if (Files.isDirectory(directory)) {
                try (var entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("export folder " + directory
                                + " is not empty; choose a new folder");
                    }
                }
                Files.delete(directory); // the exporter creates it
            }
            Files.createDirectories(directory.toAbsolutePath().getParent());
            try (Graph graph = new Graph();
                 Session session = new Session(graph, TensorFlowRuntime.sessionConfig(1))) {
                Ops tf = Ops.create(graph);
                Parameters parameters = weights instanceof Weights.Random r ? Parameters.seeded(tf, r.seed())
                        : Parameters.restorable(tf);
                ServingGraph.Built built = ServingGraph.build(graph, architecture, parameters, inputSize,
                        temperature);
                if (weights instanceof Weights.FromCheckpoint c) {
                    session.restore(c.prefix().toString());
                } else {
                    session.initialize();
                }
                SavedModelBundle.exporter(directory.toString()).withTags(ModelSignature.TAG).withSession(session)
                        .withSignature(built.signature()).export();
                return new Exported(directory, built.flopsPerImage(), built.camSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SavedModel to " + directory + ": " + e.getMessage(),
                    e);
        }
    }
}
