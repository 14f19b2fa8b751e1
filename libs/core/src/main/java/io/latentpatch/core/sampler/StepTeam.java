package io.latentpatch.core.sampler;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;

/**
 * A fixed team of threads that share the work of one lockstep step: the caller plus {@code parties − 1}
 * helpers meet at a barrier before and after each task, so nothing is allocated per step. A task splits
 * itself by {@code (part, parties)}; each part's output is disjoint from the others' (candidate tiles of
 * the distances, images of the selection), so results do not depend on the number of parties.
 */
final class StepTeam implements AutoCloseable {
    /** One share of a step's work. */
    @FunctionalInterface
    interface Task {
        void run(int part, int parties);
    }

    private final int parties;
    private final CyclicBarrier start;
    private final CyclicBarrier done;
    private final Thread[] helpers;
    private volatile boolean closed;
    private volatile Throwable failure;
    private Task task;  // published to the helpers by the start barrier

    StepTeam(int parties) {
        this.parties = parties;
        this.start = new CyclicBarrier(parties);
        this.done = new CyclicBarrier(parties);
        this.helpers = new Thread[parties - 1];
        for (int i = 1; i < parties; i++) {
            int part = i;
            Thread t = new Thread(() -> helperLoop(part), "latentpatch-sampler-" + i);
            t.setDaemon(true);
            helpers[i - 1] = t;
            t.start();
        }
    }

    /** Runs {@code task} on every party and returns when all parts are done. */
    void run(Task task) {
        this.task = task;
        await(start);
        try {
            task.run(0, parties);
        } catch (Throwable t) {
            failure = t;
        }
        await(done);
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error e) throw e;
            throw new IllegalStateException("a sampler thread failed", f);
        }
    }

    private void helperLoop(int part) {
        try {
            while (true) {
                start.await();
                if (closed) return;
                try {
                    task.run(part, parties);
                } catch (Throwable t) {
                    failure = t;
                }
                done.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();  // close() interrupts idle helpers: end the thread
        } catch (BrokenBarrierException e) {
            // the team was closed or the caller gave up: nothing left to do
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            barrier.reset();
            throw new CancellationException("sampling interrupted");
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("sampler thread team broke down", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        start.reset();  // wakes helpers waiting for the next task with BrokenBarrierException
        for (Thread t : helpers) t.interrupt();
    }
}
