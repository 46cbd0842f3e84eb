package org.covidcxr.inference.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Layers;
import org.covidcxr.inference.network.Parameters;
import org.covidcxr.inference.network.Parameters.Parameter;
import org.covidcxr.modelstore.ModelBundle;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Fills a graph's variables (weights and batch-norm averages) by name from another model: a published bundle's
 * SavedModel (fine-tuning starts from it), or a training checkpoint of one ensemble member. Every graph names its
 * variables the same way ({@link Parameters}), so this works for any source of the same architecture and width.
 */
final class WeightTransfer {

    private WeightTransfer() {
    }

    /** Every variable of {@code parameters} from the bundle's SavedModel. */
    static void load(Path bundle, Graph graph, Session session, Parameters parameters) {
        Path savedModel = bundle.resolve(ModelBundle.SAVED_MODEL_DIR);
        try (SavedModelBundle source = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG)) {
            copy(source.graph(), source.session(), "", parameters.all(), graph, session, "the model in " + bundle);
        }
    }

    /**
     * The variables of {@code parameters} whose block starts with {@code memberPrefix}, from a training checkpoint
     * of the member architecture (which names them without the prefix).
     */
    static void loadMember(Path checkpoint, Architecture member, int inputSize, String memberPrefix, Graph graph,
                           Session session, Parameters parameters) {
        List<Parameter> targets = parameters.all().stream().filter(p -> p.block().startsWith(memberPrefix)).toList();
        try (Graph sourceGraph = new Graph(); Session source = new Session(sourceGraph)) {
            Ops tf = Ops.create(sourceGraph);
            member.forward(new Layers(tf, Parameters.restorable(tf), Set.of()), tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, inputSize, inputSize, 1))), inputSize);
            source.restore(checkpoint.toString());
            copy(sourceGraph, source, memberPrefix, targets, graph, session, "checkpoint " + checkpoint);
        }
    }

    private static void copy(Graph sourceGraph, Session source, String targetPrefix, List<Parameter> targets,
                             Graph graph, Session session, String sourceDescription) {
        Ops tf = Ops.create(graph).withSubScope("weight_transfer" + (targetPrefix.isEmpty() ? "" : "_" + targetPrefix));
        Session.Runner assign = session.runner();
        List<Tensor> values = new ArrayList<>();
        try {
            for (Parameter p : targets) {
                String name = p.fullName().substring(targetPrefix.length());
                if (sourceGraph.operation(name) == null) {
                    throw new IllegalArgumentException(sourceDescription + " has no variable " + name
                            + "; it was trained with another architecture or width");
                }
                Tensor value = source.runner().fetch(name).run().get(0);
                values.add(value);
                if (!value.shape().equals(p.shape())) {
                    throw new IllegalArgumentException("variable " + name + " of " + sourceDescription
                            + " has shape " + value.shape() + ", this network needs " + p.shape());
                }
                Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(p.shape()));
                assign.feed(in, value).addTarget(tf.assign(p.variable(), in));
            }
            assign.run();
        } finally {
            values.forEach(Tensor::close);
        }
    }
}
