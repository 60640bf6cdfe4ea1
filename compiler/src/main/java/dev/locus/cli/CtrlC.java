package dev.locus.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during training: the first asks the run to stop after the batch in hand (the driver
 * then writes the checkpoint, the command prints the summary and exits 130); a second one ends
 * the program at once, for a run that does not stop soon enough. A shutdown hook could not do
 * this: it runs when the JVM is already exiting, too late to finish a batch or choose the exit
 * status, so the signal itself is handled (sun.misc.Signal, of module jdk.unsupported).
 */
final class CtrlC implements AutoCloseable {
    /** The exit status of a program ended by SIGINT (128 + 2), as shells report it. */
    static final int STATUS = 130;

    private final AtomicBoolean pressed = new AtomicBoolean();
    private final SignalHandler previous;

    private CtrlC() {
        SignalHandler old;
        try {
            old = Signal.handle(new Signal("INT"), signal -> {
                if (pressed.getAndSet(true)) {
                    Runtime.getRuntime().halt(STATUS);
                }
            });
        } catch (IllegalArgumentException e) {
            // The JVM keeps SIGINT to itself (java -Xrs, or a platform without it): Ctrl-C ends the run as usual.
            old = null;
        }
        previous = old;
    }

    /** Handles Ctrl-C until {@link #close()}. */
    static CtrlC handle() {
        return new CtrlC();
    }

    boolean pressed() {
        return pressed.get();
    }

    /** Gives SIGINT back to whoever handled it before. */
    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
