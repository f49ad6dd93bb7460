package dev.marketfn.connector;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A connector's frame thread: runs the work of each received frame, in arrival order, off the websocket's own
 * thread. Bounded: when it is full {@link #put} blocks the websocket callback, which stops reading from the socket —
 * back pressure to the provider instead of unbounded memory.
 */
final class FrameQueue implements AutoCloseable {
    private final BlockingQueue<Runnable> queue;
    private final Thread worker;
    private volatile boolean open = true;

    FrameQueue(int capacity, String name) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, name);
        worker.setDaemon(true);
        worker.start();
    }

    void put(Runnable task) {
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once everything put before this call has run (or after 30 s). */
    void drain() {
        CountDownLatch done = new CountDownLatch(1);
        put(done::countDown);
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (open || !queue.isEmpty()) {
            try {
                Runnable r = queue.poll(100, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
