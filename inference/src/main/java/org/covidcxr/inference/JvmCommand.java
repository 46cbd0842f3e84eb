package org.covidcxr.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a {@code main} in a new JVM like this one: the same {@code java}, the same class path. */
public final class JvmCommand {
    private JvmCommand() {
    }

    public static List<String> of(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        return command;
    }
}
