package org.covidcxr.inference;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The process's own environment, as native libraries read it ({@code getenv}). Java's {@link System#getenv()} is a
 * copy taken at start-up and cannot be changed; TensorFlow reads its settings from the real one when it loads.
 */
final class NativeEnvironment {
    private NativeEnvironment() {
    }

    /** Sets {@code name=value} for this process, replacing any value it had. */
    static void set(String name, String value) {
        NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        int status = Platform.isWindows()
                ? c.getFunction("_putenv_s").invokeInt(new Object[] {name, value})
                : c.getFunction("setenv").invokeInt(new Object[] {name, value, 1});
        if (status != 0) {
            throw new IllegalStateException("could not set " + name + " in this process's environment");
        }
    }
}
