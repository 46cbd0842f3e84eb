package org.covidcxr.inference.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.network.Parameters;
import org.covidcxr.inference.network.Parameters.Parameter;
import org.covidcxr.modelstore.ModelBundle;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Starts a run from a published model: every variable of the new network (weights and batch-norm averages) is read
 * by name from the bundle's SavedModel and assigned into the training graph. Both graphs name their variables the
 * same way ({@link Parameters}), so this works for any bundle of the same architecture and width.
 */
final class WeightTransfer {

    private WeightTransfer() {
    }

    static void load(Path bundle, Graph graph, Session session, Parameters parameters) {
        Path savedModel = bundle.resolve(ModelBundle.SAVED_MODEL_DIR);
        Ops tf = Ops.create(graph).withSubScope("weight_transfer");
        try (SavedModelBundle source = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG)) {
            Session.Runner assign = session.runner();
            List<Tensor> values = new ArrayList<>();
            try {
                for (Parameter p : parameters.all()) {
                    String name = p.fullName();
                    if (source.graph().operation(name) == null) {
                        throw new IllegalArgumentException("the model in " + bundle + " has no variable "
                                + p.fullName() + "; it was trained with another architecture or width");
                    }
                    Tensor value = source.session().runner().fetch(name).run().get(0);
                    values.add(value);
                    if (!value.shape().equals(p.shape())) {
                        throw new IllegalArgumentException("variable " + p.fullName() + " of the model in " + bundle
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
}
