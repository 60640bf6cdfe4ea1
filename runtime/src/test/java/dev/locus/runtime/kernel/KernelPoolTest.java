package dev.locus.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class KernelPoolTest {

    @Test
    void everyItemRunsExactlyOnceEvenOnAPoolJustStarted() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 200; round++) {
                KernelPool pool = new KernelPool(3);
                AtomicIntegerArray hits = new AtomicIntegerArray(50);
                pool.run(50, hits::incrementAndGet);
                pool.run(50, hits::incrementAndGet);
                for (int i = 0; i < 50; i++) {
                    assertEquals(2, hits.get(i), "item " + i + " in round " + round);
                }
            }
        });
    }

    @Test
    void aNestedCallRunsOnTheCallingThread() {
        KernelPool pool = new KernelPool(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        pool.run(4, outer -> pool.run(4, inner -> hits.incrementAndGet(outer * 4 + inner)));
        for (int i = 0; i < 16; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void anExceptionInAnItemReachesTheCaller() {
        KernelPool pool = new KernelPool(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(100, i -> {
            if (i == 57) {
                throw new IllegalStateException("item 57");
            }
        }));
        assertEquals("item 57", e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(8); // and the pool still works
        pool.run(8, hits::incrementAndGet);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void threadCountIsSettableAndChecked() {
        int before = KernelPool.shared().threads();
        try {
            KernelPool.setThreads(3);
            assertEquals(3, KernelPool.shared().threads());
            KernelPool same = KernelPool.shared();
            KernelPool.setThreads(3);
            assertSame(same, KernelPool.shared());
        } finally {
            KernelPool.setThreads(before);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelPool.setThreads(0));
        assertTrue(e.getMessage().startsWith("threads must be at least 1"), e.getMessage());
        assertEquals(Runtime.getRuntime().availableProcessors(), before);
    }
}
