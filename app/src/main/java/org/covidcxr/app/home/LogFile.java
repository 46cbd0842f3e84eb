package org.covidcxr.app.home;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

/**
 * The log a user can send: a packaged workstation has no console, so everything logged at INFO and above also goes to
 * {@code <data folder>/logs/workstation.log}, kept to 10 files of 5 MB. Nothing the workstation logs names a patient:
 * files are named by path, images by their SHA-256.
 */
public final class LogFile {
    public static final String NAME = "workstation.log";
    private static final String APPENDER = "workstation-log-file";

    private LogFile() {
    }

    /**
     * Sends the log to {@code folder} from now on (replacing an earlier folder: tests start several workstations).
     *
     * @return the log file
     */
    public static Path start(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(NAME).toAbsolutePath();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var previous = root.getAppender(APPENDER);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(folder.toAbsolutePath().resolve("workstation.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(9);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("5MB"));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        return file;
    }

    /**
     * Shows the folder in the desktop's file manager.
     *
     * @throws IOException when this desktop cannot open folders (the caller names the folder instead)
     */
    public static void openFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
            Desktop.getDesktop().open(folder.toFile());
            return;
        }
        // Java's desktop support needs GNOME libraries that many Linux desktops lack; xdg-open is everywhere.
        try {
            Process p = new ProcessBuilder("xdg-open", folder.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IOException("the file manager could not be started (xdg-open exit code " + p.exitValue()
                        + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the file manager", e);
        }
    }
}
