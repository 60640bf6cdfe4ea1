package dev.locus.runtime.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one fixed pool of threads on which every kernel runs its parallel parts. The caller takes
 * part in the work, so a pool of {@code n} threads starts {@code n - 1} daemon workers. A job is
 * a count of independent items handed out one at a time from a shared counter, so uneven items
 * balance themselves. Dispatch allocates nothing: the kernels pass reusable task objects.
 *
 * <p>Only one job runs at a time. A call made while another thread's job occupies the pool, or
 * from inside a job, runs its items on the calling thread: layers that already run on separate
 * cores then do not fight over the same workers.
 *
 * <p>Idle workers spin briefly (a training step calls kernels back to back, and waking a parked
 * thread costs tens of microseconds), then park so that an idle pool costs nothing.
 */
public final class KernelPool {
    /** Work items of one job: {@code run(i)} for every {@code i} in {@code [0, count)}. */
    @FunctionalInterface
    public interface Task {
        void run(int item);
    }

    private static final long SPIN_NANOS = 200_000L;
    private static volatile KernelPool shared = new KernelPool(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    private final AtomicInteger nextItem = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile long generation;
    private volatile boolean closed;
    private Task task;
    private int count;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** A pool of {@code threads} threads, the caller included. */
    public KernelPool(final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** The pool every kernel uses. */
    public static KernelPool shared() {
        return shared;
    }

    /**
     * Replaces the shared pool with one of {@code threads} threads (the default is the number of
     * available processors). Call it between kernel calls, not during one.
     */
    public static synchronized void setThreads(final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (shared.threads == threads) {
            return;
        }
        KernelPool old = shared;
        shared = new KernelPool(threads);
        old.close();
    }

    /** Threads that work on a job, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.run(i)} for every {@code i} in {@code [0, count)} on the pool's threads,
     * and returns when all have finished. An exception in an item is rethrown here.
     */
    public void run(final int count, final Task task) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        if (count == 0) {
            return;
        }
        // The lock is reentrant: a caller that already runs a job here must not start another.
        if (count == 1 || workers.length == 0 || Thread.currentThread() instanceof Worker
                || busy.isHeldByCurrentThread() || !busy.tryLock()) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        try {
            this.task = task;
            this.count = count;
            this.failure = null;
            this.caller = Thread.currentThread();
            nextItem.set(0);
            running.set(workers.length);
            generation++; // publishes task and count to the workers
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            Throwable own = null;
            try {
                work(task, count);
            } catch (RuntimeException | Error e) {
                own = e;
            }
            awaitWorkers();
            this.task = null;
            Throwable t = own != null ? own : failure;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
        } finally {
            busy.unlock();
        }
    }

    private void work(final Task t, final int n) {
        for (int i = nextItem.getAndIncrement(); i < n; i = nextItem.getAndIncrement()) {
            t.run(i);
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (running.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000L);
            }
        }
    }

    private void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {
        /**
         * The generation this worker has already served, read before the thread starts: read in
         * {@link #run} instead, a job published before the new thread first runs would be taken
         * for an old one and never served.
         */
        private final long served;

        Worker(final int index) {
            super("locus-kernel-" + index);
            setDaemon(true);
            served = generation;
        }

        @Override
        public void run() {
            long seen = served;
            while (!closed) {
                long start = System.nanoTime();
                while (generation == seen && !closed) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(KernelPool.this);
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
                try {
                    work(task, count);
                } catch (RuntimeException | Error e) {
                    failure = e;
                    nextItem.set(Integer.MAX_VALUE / 2); // the others stop taking new items
                }
                if (running.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
