package io.reason4j.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A tiny fork-join for kernels: the calling thread plus {@code threads - 1} persistent workers that
 * spin briefly, then park, waiting for work. Hand-off latency matters more than generality here: a
 * decode step runs dozens of sub-millisecond kernels, and an ExecutorService round trip costs tens of
 * microseconds each (see ../shared/bench/README.md).
 *
 * <p>A task that calls {@link #run} again (a kernel that parallelises itself, called from work that is
 * already split across the threads) runs that inner work inline, on its own thread. Calls from
 * several unrelated threads at once are serialised.
 */
public final class WorkerPool {

    /** A piece of parallel work: part {@code part} of {@code parts}. */
    @FunctionalInterface
    public interface Task {
        void run(int part, int parts);
    }

    private static final WorkerPool SHARED = new WorkerPool(
            Integer.getInteger("reason4j.threads", Runtime.getRuntime().availableProcessors()));

    /** The process-wide pool, sized by {@code -Dreason4j.threads} (default: available processors). */
    public static WorkerPool shared() {
        return SHARED;
    }

    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int parts;
    /** The thread inside {@link #run} right now, if any: a nested call from it runs inline. */
    private volatile Thread owner;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code task} as {@code min(parts, threads)} parts, part 0 on the calling thread. */
    public void run(int wanted, Task task) {
        Thread current = Thread.currentThread();
        if (wanted <= 1 || current == owner || (current instanceof Worker w && w.pool() == this)) {
            task.run(0, 1);
            return;
        }
        synchronized (this) {
            owner = current;
            try {
                fork(Math.min(wanted, threads()), task);
            } finally {
                owner = null;
            }
        }
    }

    private void fork(int n, Task task) {
        if (n == 1) {
            task.run(0, 1);
            return;
        }
        this.task = task;
        this.parts = n;
        pending.set(n - 1);
        for (int i = 0; i < n - 1; i++) workers[i].wake();
        Throwable failure = null;
        try {
            task.run(0, n);
        } catch (Throwable t) {
            failure = t;
        }
        while (pending.get() > 0) Thread.onSpinWait();
        for (int i = 0; i < n - 1; i++) {
            Throwable t = workers[i].failure;
            workers[i].failure = null;
            if (t != null && failure == null) failure = t;
        }
        this.task = null;
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
    }

    /** Splits [0, n) into {@code parts} contiguous ranges aligned to {@code align}; returns part's start. */
    public static int splitStart(int n, int part, int parts, int align) {
        int blocks = (n + align - 1) / align;
        return Math.min(n, (int) ((long) blocks * part / parts) * align);
    }

    private final class Worker extends Thread {
        private final int index;
        private volatile long generation;
        private long seen;
        volatile Throwable failure;

        WorkerPool pool() {
            return WorkerPool.this;
        }

        Worker(int index) {
            super("reason4j-kernel-" + index);
            this.index = index;
            setDaemon(true);
        }

        void wake() {
            generation++;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                int spins = 0;
                while (generation == seen) {
                    if (++spins < 200_000) Thread.onSpinWait();
                    else LockSupport.parkNanos(200_000);
                }
                seen = generation;
                try {
                    task.run(index, parts);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }
}
