package io.kanban.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Threads released at one moment, so their writes meet in the writer's queue and share transactions. */
final class StartTogether {
    private StartTogether() {
    }

    /** Runs {@code work} on {@code threads} threads (each gets its slot number) and waits for all of them. */
    static void run(int threads, IntConsumer work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                work.accept(slot);
            });
            all.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : all) {
            thread.join();
        }
    }
}
