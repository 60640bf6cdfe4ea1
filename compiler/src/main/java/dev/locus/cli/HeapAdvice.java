package dev.locus.cli;

import java.util.Locale;

/**
 * What to say when a run needs more memory than the Java heap has: the sizes in bytes, and how
 * to give Java more ({@code bin/locus} passes {@code LOCUS_JAVA_OPTS} to the JVM).
 */
final class HeapAdvice {
    private static final double GIB = 1L << 30;

    private HeapAdvice() {
    }

    /** The most the heap may grow to (-Xmx). */
    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code 4,294,967,296 bytes (4.0 GiB)}. */
    static String bytes(final long bytes) {
        return String.format(Locale.ROOT, "%,d bytes (%.1f GiB)", bytes, bytes / GIB);
    }

    /** How to run {@code command} with a heap of at least {@code wanted} bytes, rounded up to whole GiB. */
    static String moreMemory(final String command, final long wanted) {
        long gib = Math.max(1, (long) Math.ceil(wanted / GIB));
        return "give Java more memory, e.g. LOCUS_JAVA_OPTS=-Xmx" + gib + "g bin/locus " + command + " ... (or java -Xmx"
                + gib + "g when running java yourself)";
    }

    /** The message for an OutOfMemoryError: the heap was too small; ask for twice as much. */
    static String outOfMemory(final String command) {
        long max = maxHeap();
        return "out of memory: this run needs more than the Java heap's " + bytes(max) + "; "
                + moreMemory(command, max > Long.MAX_VALUE / 2 ? max : 2 * max);
    }
}
