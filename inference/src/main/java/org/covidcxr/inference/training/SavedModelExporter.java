package org.covidcxr.inference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Ensemble;
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

        /**
         * One training checkpoint per member of an {@link Ensemble}, in member order, each written from a graph of
         * the member architecture (members trained separately, e.g. with different seeds).
         */
        record FromMemberCheckpoints(List<Path> prefixes) implements Weights {
            public FromMemberCheckpoints {
                prefixes = List.copyOf(prefixes);
            }
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

    private static void loadMembers(Architecture architecture, int inputSize, Weights.FromMemberCheckpoints m,
                                    Graph graph, Session session, Parameters parameters) {
        if (!(architecture instanceof Ensemble e) || e.members() != m.prefixes().size()) {
            throw new IllegalArgumentException(m.prefixes().size() + " member checkpoints do not fit "
                    + architecture.cardName());
        }
        for (int i = 1; i <= e.members(); i++) {
            WeightTransfer.loadMember(m.prefixes().get(i - 1), e.member(), inputSize, Ensemble.memberPrefix(i),
                    graph, session, parameters);
        }
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
                } else if (weights instanceof Weights.FromMemberCheckpoints m) {
                    loadMembers(architecture, inputSize, m, graph, session, parameters);
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
