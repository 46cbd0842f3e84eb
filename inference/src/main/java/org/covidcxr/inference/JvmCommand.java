package org.covidcxr.inference;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a {@code main} in a new JVM like this one: the same {@code java}, the same class path. */
public final class JvmCommand {
    /** Where the natives are, offline mode, and whose home and data folder the app uses (a launcher may set them). */
    private static final List<String> LAUNCHER_PROPERTIES = List.of("java.library.path",
            "org.bytedeco.javacpp.pathsFirst", "ai.djl.offline", "OPT_OUT_TRACKING", "user.home", "covidcxr.home");

    private JvmCommand() {
    }

    public static List<String> of(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        return of(jvmOptions, List.of(), mainClass, args);
    }

    /** The same, with {@code moreClassPath} (folders, jars, {@code dir/*}) after this JVM's class path. */
    public static List<String> of(List<String> jvmOptions, List<String> moreClassPath, Class<?> mainClass,
            List<String> args) {
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        classPath.addAll(moreClassPath);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), mainClass.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * The settings the launcher gave this JVM that a child JVM of the app needs as much, as {@code -D} options: in the
     * installed app-image the TensorFlow natives are not on the class path but in a folder named by
     * {@code java.library.path}.
     */
    public static List<String> launcherProperties() {
        List<String> options = new ArrayList<>();
        for (String property : LAUNCHER_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                options.add("-D" + property + "=" + value);
            }
        }
        return options;
    }
}
