package io.latentpatch.core.sampler;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;

/**
 * A fixed team of threads that split the candidate tiles of one step: the caller plus
 * {@code parties − 1} helpers meet at a barrier before and after each step, so nothing is allocated
 * per step. Thread i takes tiles {@code [tiles·i/parties, tiles·(i+1)/parties)}; every (image,
 * candidate) distance is still computed by exactly one thread in the kernel's fixed order.
 */
final class StepTeam implements Lockstep.StepRunner, AutoCloseable {
    private final int parties;
    private final CyclicBarrier start;
    private final CyclicBarrier done;
    private final Thread[] helpers;
    private volatile boolean closed;
    private volatile Throwable failure;

    // the current step, published to the helpers by the start barrier
    private float[] level;
    private int tiles;
    private int tileWidth;
    private int r;
    private int[] cells;
    private float[][] queries;
    private int nq;
    private float[][] out;

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

    @Override
    public void distances(float[] level, int tiles, int tileWidth, int r, int[] cells, float[][] queries, int nq, float[][] out) {
        this.level = level;
        this.tiles = tiles;
        this.tileWidth = tileWidth;
        this.r = r;
        this.cells = cells;
        this.queries = queries;
        this.nq = nq;
        this.out = out;
        await(start);
        work(0);
        await(done);
        Throwable f = failure;
        if (f != null) throw new IllegalStateException("a sampler thread failed: " + f, f);
    }

    private void work(int part) {
        int from = (int) ((long) tiles * part / parties);
        int to = (int) ((long) tiles * (part + 1) / parties);
        DistanceKernels.distances(level, tiles, tileWidth, r, cells, cells.length, queries, nq, out, from, to);
    }

    private void helperLoop(int part) {
        try {
            while (true) {
                start.await();
                if (closed) return;
                try {
                    work(part);
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
        start.reset();  // wakes helpers waiting for the next step with BrokenBarrierException
        for (Thread t : helpers) t.interrupt();
    }
}
