package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.tensor.Attention;
import org.junit.jupiter.api.Test;

class KvCacheTest {
    private final ModelConfig config = TestModels.qwen2(37, 32, 2, 4, 2, 48, false);

    @Test
    void reservingMakesRoomWithoutFillingAndGrowthKeepsWhatIsCached() {
        KvCache cache = new KvCache(config);
        int slot = cache.allocate();
        cache.extend(slot, 3);
        int kvDim = config.kvDim();
        for (int l = 0; l < config.numLayers(); l++) {
            for (int i = 0; i < 3 * kvDim; i++) {
                cache.keys(l, slot)[i] = l * 1000 + i;
                cache.values(l, slot)[i] = -(l * 1000 + i);
            }
        }

        cache.reserve(slot, 100);

        assertThat(cache.length(slot)).isEqualTo(3);
        float[] keys = cache.keys(1, slot), values = cache.values(1, slot);
        assertThat(keys.length).isEqualTo(kvDim * Attention.paddedLength(100)).isGreaterThanOrEqualTo(100 * kvDim);
        for (int l = 0; l < config.numLayers(); l++) {
            for (int i = 0; i < 3 * kvDim; i++) {
                assertThat(cache.keys(l, slot)[i]).isEqualTo(l * 1000 + i);
                assertThat(cache.values(l, slot)[i]).isEqualTo(-(l * 1000 + i));
            }
        }
        // Filling up to the reservation copies nothing; going past it grows and keeps the contents.
        cache.extend(slot, 100);
        assertThat(cache.keys(1, slot)).isSameAs(keys);
        assertThat(cache.values(1, slot)).isSameAs(values);
        assertThat(cache.length(slot)).isEqualTo(100);
        cache.extend(slot, Attention.paddedLength(100) + 1);
        assertThat(cache.keys(1, slot)).isNotSameAs(keys);
        assertThat(cache.keys(1, slot)[2 * kvDim + 5]).isEqualTo(1000 + 2 * kvDim + 5);
    }

    @Test
    void reservingLessThanTheCapacityChangesNothing() {
        KvCache cache = new KvCache(config);
        int slot = cache.allocate();
        cache.reserve(slot, 64);
        float[] keys = cache.keys(0, slot);
        cache.reserve(slot, 10);
        assertThat(cache.keys(0, slot)).isSameAs(keys);
        assertThat(cache.length(slot)).isZero();
    }
}
