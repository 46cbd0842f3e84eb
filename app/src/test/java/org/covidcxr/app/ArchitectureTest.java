package org.covidcxr.app;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.util.Set;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.dicom.WindowPreset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of the product, checked on the compiled classes of every module:
 * <ul>
 *   <li>dicom, inference and model-store never touch JavaFX (they serve the command line and the installer too);</li>
 *   <li>the app's logic packages (audit, feedback, report, analysis, session, cli) are UI-free;</li>
 *   <li>ViewModels are toolkit-free: JavaFX properties and collections only, no scene graph, stage or controls;</li>
 *   <li>Views talk only to ViewModels: a {@code *View} may use the JDK, JavaFX and the UI libraries, and classes of
 *       {@code org.covidcxr.app.ui} — never a service, the image reader, the model or the file system. The only
 *       other classes it may name are the enums that ViewModel methods take as arguments. The training wizard's
 *       views may also name the inference module's value types (records, enums, sealed interfaces) they display.</li>
 * </ul>
 */
class ArchitectureTest {
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.covidcxr");
    }

    @Test
    void coreModulesDoNotImportJavaFx() {
        noClasses().that().resideInAnyPackage("org.covidcxr.dicom..", "org.covidcxr.inference..",
                        "org.covidcxr.modelstore..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "eu.hansolo..",
                        "atlantafx..")
                .check(product);
    }

    @Test
    void appLogicIsUiFree() {
        noClasses().that().resideInAnyPackage("org.covidcxr.app.audit..", "org.covidcxr.app.feedback..",
                        "org.covidcxr.app.report..", "org.covidcxr.app.analysis..", "org.covidcxr.app.session..",
                        "org.covidcxr.app.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.covidcxr.app.ui..")
                .check(product);
    }

    @Test
    void viewModelsAreToolkitFree() {
        classes().that().resideInAnyPackage("org.covidcxr.app.ui..", "org.covidcxr.app.training..")
                .and().haveSimpleNameEndingWith("ViewModel").or().haveSimpleName("WorklistItem")
                .should().onlyDependOnClassesThat(describe("not a scene-graph, stage or control class",
                        (JavaClass c) -> !c.getPackageName().startsWith("javafx.scene")
                                && !c.getPackageName().startsWith("javafx.stage")
                                && !c.getPackageName().startsWith("javafx.application")
                                && !c.getPackageName().startsWith("javafx.fxml")
                                && !c.getPackageName().startsWith("org.controlsfx")
                                && !c.getPackageName().startsWith("eu.hansolo")))
                .check(product);
    }

    @Test
    void viewsOnlyTalkToViewModels() {
        Set<String> argumentEnums = Set.of(RadiologistLabel.class.getName(), WindowPreset.class.getName());
        classes().that().resideInAPackage("org.covidcxr.app.ui..").and().haveSimpleNameEndingWith("View")
                .should().onlyDependOnClassesThat(describe("JDK, JavaFX, UI libraries, app.ui or ViewModel argument enums",
                        (JavaClass c) -> toolkit(c) || c.getPackageName().startsWith("org.covidcxr.app.ui")
                                || argumentEnums.contains(c.getName())))
                .check(product);
        // The wizard's views show the training module's results as they are: values, never the services.
        classes().that().resideInAPackage("org.covidcxr.app.training..").and().haveSimpleNameEndingWith("View")
                .should().onlyDependOnClassesThat(describe("JDK, JavaFX, UI libraries, app.training, app.ui, or value "
                                + "types (records, enums, sealed interfaces) of the inference module",
                        (JavaClass c) -> toolkit(c) || c.getPackageName().startsWith("org.covidcxr.app.training")
                                || c.getPackageName().startsWith("org.covidcxr.app.ui")
                                || c.getPackageName().startsWith("org.covidcxr.inference")
                                && (c.isRecord() || c.isEnum() || c.isInterface() && c.reflect().isSealed())))
                .check(product);
        noClasses().that().resideInAnyPackage("org.covidcxr.app.ui..", "org.covidcxr.app.training..")
                .and().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().belongToAnyOf(Files.class, java.io.FileInputStream.class,
                        java.io.FileOutputStream.class)
                .check(product);
    }

    private static boolean toolkit(JavaClass c) {
        return c.getPackageName().startsWith("java.") || c.getPackageName().startsWith("javafx.")
                || c.getPackageName().startsWith("org.controlsfx") || c.getPackageName().startsWith("eu.hansolo")
                || c.isPrimitive() || c.isArray();
    }
}
