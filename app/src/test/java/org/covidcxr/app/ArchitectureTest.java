package org.covidcxr.app;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.training.RunPhase;
import org.covidcxr.dicom.WindowPreset;
import org.covidcxr.inference.sitetraining.PatientPseudonymizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of the product, checked on the compiled classes of every module:
 * <ul>
 *   <li>no package depends, through any chain, on itself;</li>
 *   <li>dicom, pacs, inference, model-store and batch never touch JavaFX (they serve the command line, the installer
 *       and Spark's executors too);
 *       inside inference, serving (what the workstation runs) never reaches into training, evaluation or site
 *       training, evaluation never into training, training never into site training, and the shared data types
 *       into none of them;</li>
 *   <li>the app's logic packages (everything outside {@code app.ui}) are UI-free;</li>
 *   <li>inside {@code app.ui}, start-up wiring ({@code ui.startup}, {@code ui.tools}) and scene-graph helpers
 *       ({@code ui.controls}) are apart from the screens; on each screen a view is what its role makes it (a scene
 *       graph node, an FXML controller): every other class there is a view-model or a value and is toolkit-free,
 *       whatever its name;</li>
 *   <li>views talk only to view-models: JDK, JavaFX and UI libraries, {@code app.ui} and {@code app.imaging}, the
 *       enums view-model methods take, and the inference module's value types they display — never a service, the
 *       image reader, the model or the file system.</li>
 * </ul>
 */
class ArchitectureTest {
    private static final String UI = "org.covidcxr.app.ui";
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        // The other modules' test jars are on this class path too: their classes are not the product.
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.covidcxr");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.covidcxr.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void coreModulesDoNotImportJavaFx() {
        noClasses().that().resideInAnyPackage("org.covidcxr.dicom..", "org.covidcxr.pacs..",
                        "org.covidcxr.inference..", "org.covidcxr.modelstore..", "org.covidcxr.batch..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "eu.hansolo..",
                        "atlantafx..")
                .check(product);
    }

    @Test
    void servingNeverReachesIntoTraining() {
        noClasses().that().resideInAPackage("org.covidcxr.inference.serving..")
                .should().dependOnClassesThat().resideInAnyPackage("org.covidcxr.inference.training..",
                        "org.covidcxr.inference.evaluation..", "org.covidcxr.inference.sitetraining..")
                .check(product);
        noClasses().that().resideInAnyPackage("org.covidcxr.inference.training..", "org.covidcxr.inference.network..")
                .should().dependOnClassesThat().resideInAPackage("org.covidcxr.inference.sitetraining..")
                .check(product);
        // Evaluation judges models (from serving) on data; it never trains.
        noClasses().that().resideInAPackage("org.covidcxr.inference.evaluation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.covidcxr.inference.training..",
                        "org.covidcxr.inference.sitetraining..")
                .check(product);
        // The labelled-image types every stage shares depend on none of the stages.
        noClasses().that().resideInAPackage("org.covidcxr.inference.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.covidcxr.inference.serving..",
                        "org.covidcxr.inference.training..", "org.covidcxr.inference.evaluation..",
                        "org.covidcxr.inference.sitetraining..", "org.covidcxr.inference.audit..",
                        "org.covidcxr.inference.segmentation..", "org.covidcxr.inference.network..")
                .check(product);
    }

    @Test
    void appLogicIsUiFree() {
        noClasses().that().resideInAPackage("org.covidcxr.app..").and().resideOutsideOfPackage(UI + "..")
                .and().doNotHaveFullyQualifiedName(Main.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", UI + "..")
                .check(product);
    }

    @Test
    void viewModelsAreToolkitFree() {
        classes().that(onAScreen()).and(describe("are not views", c -> !isView(c)))
                .should().onlyDependOnClassesThat(describe("not a scene-graph, stage or control class",
                        (JavaClass c) -> !sceneGraph(c)))
                .check(product);
    }

    @Test
    void viewsOnlyTalkToViewModels() {
        Set<String> argumentEnums = Set.of(RadiologistLabel.class.getName(), WindowPreset.class.getName(),
                RunPhase.Action.class.getName());
        classes().that(onAScreen()).and(describe("are views", ArchitectureTest::isView))
                .should().onlyDependOnClassesThat(describe("JDK, JavaFX, UI libraries, app.ui, app.imaging, view-model "
                                + "argument enums or value types (records, enums, sealed interfaces) of inference",
                        (JavaClass c) -> toolkit(c) || c.getPackageName().startsWith(UI)
                                || c.getPackageName().startsWith("org.covidcxr.app.imaging")
                                || argumentEnums.contains(c.getName())
                                || c.getPackageName().startsWith("org.covidcxr.inference")
                                && (c.isRecord() || c.isEnum() || c.isInterface() && c.reflect().isSealed())))
                .check(product);
        noClasses().that(onAScreen()).and(describe("are views", ArchitectureTest::isView))
                .should().dependOnClassesThat().belongToAnyOf(Files.class, java.io.FileInputStream.class,
                        java.io.FileOutputStream.class)
                .check(product);
    }

    @Test
    void oneAtomicWriteHelper() {
        // Renames that replace or publish go through org.covidcxr.files, which forces data and folder to disk. The
        // site key is the exception: it is moved into place only if no other process made one first (no
        // REPLACE_EXISTING), and never replaced.
        noClasses().that().resideOutsideOfPackage("org.covidcxr.files..")
                .and().doNotBelongToAnyOf(PatientPseudonymizer.class)
                .should().callMethod(Files.class, "move", Path.class, Path.class, CopyOption[].class)
                .check(product);
    }

    /** Classes of the screens: {@code app.ui} but not its wiring or its scene-graph helpers. */
    private static DescribedPredicate<JavaClass> onAScreen() {
        return describe("are on a screen", c -> c.getPackageName().startsWith(UI + ".")
                && !c.getPackageName().startsWith(UI + ".startup") && !c.getPackageName().startsWith(UI + ".tools")
                && !c.getPackageName().startsWith(UI + ".controls"));
    }

    /** A view by role: a scene-graph node or an FXML controller, or a class nested in one (cells, listeners). */
    private static boolean isView(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        JavaClass outer = top;
        return outer.isAssignableTo("javafx.scene.Node")
                || outer.getFields().stream().anyMatch(f -> f.isAnnotatedWith("javafx.fxml.FXML"))
                || outer.getMethods().stream().anyMatch(m -> m.isAnnotatedWith("javafx.fxml.FXML"));
    }

    private static boolean sceneGraph(JavaClass c) {
        return c.getPackageName().startsWith("javafx.scene") || c.getPackageName().startsWith("javafx.stage")
                || c.getPackageName().startsWith("javafx.application") || c.getPackageName().startsWith("javafx.fxml")
                || c.getPackageName().startsWith("org.controlsfx") || c.getPackageName().startsWith("eu.hansolo");
    }

    private static boolean toolkit(JavaClass c) {
        return c.getPackageName().startsWith("java.") || c.getPackageName().startsWith("javafx.")
                || c.getPackageName().startsWith("org.controlsfx") || c.getPackageName().startsWith("eu.hansolo")
                || c.isPrimitive() || c.isArray();
    }
}
