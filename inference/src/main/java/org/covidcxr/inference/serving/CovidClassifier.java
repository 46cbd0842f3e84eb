package org.covidcxr.inference.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SymbolBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one model bundle through DJL's TensorFlow engine: image in, {@link Diagnosis} out.
 *
 * <p>Thread-safe. DJL predictors are not, so each call borrows one from a pool and returns it afterwards; a pool
 * grows to the number of threads calling at the same time (one predictor per concurrent thread, reused). All
 * predictors and the model are released by {@link #close()}, which waits for calls in progress.
 */
public final class CovidClassifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CovidClassifier.class);

    private final ModelCard card;
    private final ZooModel<XrayImage, Diagnosis> model;
    private final boolean gpu;
    private final Pool<Diagnosis> diagnosers;
    private final Pool<ClassScores> scorers;
    // Calls share the read lock; close() takes the write lock so it never frees a predictor in use.
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private CovidClassifier(ModelCard card, ZooModel<XrayImage, Diagnosis> model, boolean gpu,
                            Preprocessor preprocessor) {
        this.card = card;
        this.model = model;
        this.gpu = gpu;
        this.diagnosers = new Pool<>(() -> model.newPredictor());
        ScoresTranslator scores = new ScoresTranslator(preprocessor, card.classes().size());
        this.scorers = new Pool<>(() -> model.newPredictor(scores));
    }

    /** Opens a verified model bundle (from the model store, or {@code ModelBundles.open}). */
    public static CovidClassifier open(ModelBundle bundle) {
        return open(bundle.savedModelDirectory(), bundle.card());
    }

    /**
     * Opens a SavedModel folder (the one holding {@code saved_model.pb}) described by its model card.
     *
     * @throws ServingException when the folder or card is unusable; the message says why
     */
    public static CovidClassifier open(Path savedModelDirectory, ModelCard card) {
        checkCard(card);
        if (!Files.isRegularFile(savedModelDirectory.resolve("saved_model.pb"))) {
            throw new ServingException("No SavedModel in " + savedModelDirectory + " (saved_model.pb is missing). "
                    + "Choose a model bundle's saved_model folder, or re-import the model.");
        }
        TensorFlowRuntime.Info runtime = TensorFlowRuntime.bootstrap();
        Preprocessor preprocessor = new Preprocessor(card.input().height());
        DiagnosisTranslator translator = new DiagnosisTranslator(preprocessor, card.version(), card.classes(),
                (float) card.operatingThreshold(), (float) card.confidentThreshold());
        Criteria<XrayImage, Diagnosis> criteria = Criteria.builder()
                .setTypes(XrayImage.class, Diagnosis.class)
                .optEngine("TensorFlow")
                .optModelPath(savedModelDirectory.toAbsolutePath())
                .optOption("Tags", ModelSignature.TAG)
                .optOption("SignatureDefKey", ModelSignature.SIGNATURE)
                .optTranslator(translator)
                .build();
        ZooModel<XrayImage, Diagnosis> model;
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ServingException("Model " + card.version() + " could not be loaded from "
                    + savedModelDirectory + " (" + e.getMessage() + "). Re-import the model or roll back to "
                    + "another version.", e);
        }
        try {
            checkSignature((SymbolBlock) model.getBlock(), card);
        } catch (ServingException e) {
            model.close();
            throw e;
        }
        boolean gpu = !Device.cpu().equals(model.getNDManager().getDevice()) && runtime.gpu();
        LOG.info("Model {} ({}) served by DJL {} with TensorFlow {} on {}", card.version(), card.architecture(),
                Engine.getDjlVersion(), Engine.getEngine("TensorFlow").getVersion(), gpu ? "GPU" : "CPU");
        return new CovidClassifier(card, model, gpu, preprocessor);
    }

    public ModelCard card() {
        return card;
    }

    /** Whether TensorFlow runs this model on a GPU. */
    public boolean gpu() {
        return gpu;
    }

    /** Side of the square network input, in pixels. */
    public int inputSize() {
        return card.input().height();
    }

    /** Probabilities, decision and Grad-CAM maps for one image. */
    public Diagnosis diagnose(XrayImage image) {
        return diagnoseAll(List.of(image)).get(0);
    }

    /**
     * One network call for the whole list (batch processing); keep lists to a few dozen images, since every image
     * and its maps are held in memory at once.
     */
    public List<Diagnosis> diagnoseAll(List<XrayImage> images) {
        return run(diagnosers, images);
    }

    /** Probabilities and logits only, in one network call: for evaluating many (or large) images. */
    public List<ClassScores> scoreAll(List<XrayImage> images) {
        return run(scorers, images);
    }

    private <O> List<O> run(Pool<O> pool, List<XrayImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + card.version() + " was already closed");
            }
            Predictor<XrayImage, O> predictor = pool.borrow();
            try {
                return predictor.batchPredict(images);
            } catch (TranslateException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new ServingException("Model " + card.version() + " failed on " + images.size() + " image(s): "
                        + cause.getMessage(), e);
            } finally {
                pool.giveBack(predictor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try (model) {
                diagnosers.close();
                scorers.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Predictors of one translator: a thread takes an idle one or makes a new one, and gives it back after use. */
    private static final class Pool<O> {
        private final Supplier<Predictor<XrayImage, O>> factory;
        private final Deque<Predictor<XrayImage, O>> idle = new ConcurrentLinkedDeque<>();
        private final List<Predictor<XrayImage, O>> created = new ArrayList<>();

        Pool(Supplier<Predictor<XrayImage, O>> factory) {
            this.factory = factory;
        }

        Predictor<XrayImage, O> borrow() {
            Predictor<XrayImage, O> predictor = idle.poll();
            if (predictor == null) {
                predictor = factory.get();
                synchronized (created) {
                    created.add(predictor);
                }
            }
            return predictor;
        }

        void giveBack(Predictor<XrayImage, O> predictor) {
            idle.push(predictor);
        }

        void close() {
            synchronized (created) {
                created.forEach(Predictor::close);
                created.clear();
            }
            idle.clear();
        }
    }

    /** Refuses, at open time, a SavedModel whose signature is not the product's or does not match its card. */
    private static void checkSignature(SymbolBlock block, ModelCard card) {
        signatureProblem(block, card).ifPresent(problem -> {
            throw new ServingException("Model " + card.version() + " cannot be served: " + problem + ". Use a model "
                    + "exported by this product's training together with its own model card.");
        });
    }

    private static Optional<String> signatureProblem(SymbolBlock block, ModelCard card) {
        List<String> outputs = block.describeOutput().keys();
        List<String> missing = Stream.of(ModelSignature.OUTPUT_PROBABILITIES, ModelSignature.OUTPUT_LOGITS,
                ModelSignature.OUTPUT_CAM).filter(name -> !outputs.contains(name)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("it has no output(s) " + missing + " (it has " + outputs + ")");
        }
        PairList<String, Shape> inputs = block.describeInput();
        Shape image = inputs.get(ModelSignature.INPUT_IMAGE);
        if (image == null) {
            return Optional.of("it has no input '" + ModelSignature.INPUT_IMAGE + "' (it has " + inputs.keys() + ")");
        }
        if (image.dimension() != 4 || image.get(1) != card.input().height() || image.get(2) != card.input().width()) {
            return Optional.of("its input is " + image + " but the model card says " + card.input().height()
                    + " x " + card.input().width() + " px");
        }
        return Optional.empty();
    }

    private static void checkCard(ModelCard card) {
        ModelCard.InputSpec input = card.input();
        if (input == null || input.height() != input.width() || input.channels() != 1) {
            throw new ServingException("Model card " + card.version() + " describes input " + input
                    + "; this product's models take one square grey-scale image. Use a model exported by its "
                    + "training.");
        }
        if (!card.classes().equals(ModelSignature.CLASSES)) {
            throw new ServingException("Model card " + card.version() + " lists classes " + card.classes()
                    + "; this product expects " + ModelSignature.CLASSES + " in that order.");
        }
        if (!(card.operatingThreshold() >= 0 && card.operatingThreshold() <= 1)) {
            throw new ServingException("Model card " + card.version() + " has operating threshold "
                    + card.operatingThreshold() + ", which is not a probability. Re-export the model.");
        }
    }
}
