package org.covidcxr.modelstore;

import java.util.concurrent.atomic.AtomicInteger;
import org.covidcxr.files.AtomicFiles;

/**
 * Every durable step of the store (each fsync and each rename) passes here. Crash tests end the process at the N-th
 * step ({@value #PROPERTY}{@code =N}) to prove that the store is then old or new and its audit record says which;
 * without the property nothing happens.
 */
final class CrashPoint {
    static final String PROPERTY = "covidcxr.modelstore.haltAtStep";
    /** The exit status of a process halted here, so a test can tell it from any other ending. */
    static final int HALTED = 86;
    private static final int HALT_AT = Integer.getInteger(PROPERTY, 0);
    private static final AtomicInteger STEPS = new AtomicInteger();
    /** The store's file writes, renames and deletes: each of their durable steps passes here. */
    static final AtomicFiles FILES = new AtomicFiles(CrashPoint::reached);

    private CrashPoint() {
    }

    static void reached() {
        if (HALT_AT > 0 && STEPS.incrementAndGet() == HALT_AT) {
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
