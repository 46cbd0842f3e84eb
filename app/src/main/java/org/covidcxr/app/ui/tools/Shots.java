package org.covidcxr.app.ui.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.covidcxr.app.ui.startup.WorkstationDriver;

/** Writes each state of the window at every chosen size: {@code OUT/NAME.png} for one size, else {@code OUT/WxH/}. */
final class Shots {

    /** A window size, written {@code WxH}. */
    record Size(int width, int height) {
        static Size parse(String text) {
            String[] wh = text.trim().split("x");
            try {
                if (wh.length == 2) {
                    return new Size(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException("a window size is WIDTHxHEIGHT, e.g. 1366x768, not '" + text + "'");
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** Runs on the JavaFX thread. */
    @FunctionalInterface
    interface FxAction {
        void run() throws Exception;
    }

    private final WorkstationDriver driver;
    private final List<Size> sizes;
    private final Path out;
    private final BooleanSupplier settled;

    /** @param settled whether the viewer has finished what a resize started (it re-fits the image) */
    Shots(WorkstationDriver driver, List<Size> sizes, Path out, BooleanSupplier settled) {
        this.driver = driver;
        this.sizes = List.copyOf(sizes);
        this.out = out;
        this.settled = settled;
    }

    void take(String name) throws Exception {
        take(name, () -> { }, () -> { });
    }

    /**
     * @param open  after each resize, before the snapshot (e.g. shows a dialog, which centres on the window)
     * @param close after the snapshot
     */
    void take(String name, FxAction open, FxAction close) throws Exception {
        for (Size size : sizes) {
            driver.resize(size.width(), size.height());
            fx(open);
            WorkstationDriver.await(settled, 60_000);
            driver.snapshot((sizes.size() == 1 ? out : out.resolve(size.toString())).resolve(name + ".png"));
            fx(close);
        }
    }

    static void fx(FxAction action) throws Exception {
        WorkstationDriver.onFx(() -> {
            action.run();
            return null;
        });
    }
}
