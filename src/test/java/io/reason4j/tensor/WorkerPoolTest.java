package io.reason4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void everyPartRunsOnce() {
        WorkerPool pool = new WorkerPool(3);
        int[] seen = new int[3];
        pool.run(3, (part, parts) -> seen[part] += parts);
        assertThat(seen).containsExactly(3, 3, 3);
    }

    /** A kernel that parallelises itself, called from inside split work, runs inline instead of deadlocking. */
    @Test
    void nestedRunsExecuteInlineOnTheirOwnThread() {
        WorkerPool pool = new WorkerPool(2);
        AtomicInteger inner = new AtomicInteger();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 1000; i++) {
                pool.run(2, (part, parts) -> pool.run(2, (p, n) -> {
                    assertThat(n).isEqualTo(1);
                    inner.incrementAndGet();
                }));
            }
        });
        assertThat(inner.get()).isEqualTo(2000);
    }
}
