package io.reason4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Test
    void flatCopyHoldsEveryTensorAndTheModelOverItComputesTheSameLogits() {
        ModelConfig config = TestModels.qwen2(40, 32, 2, 4, 2, 48, false);
        DecoderWeights original = TestModels.randomWeights(config, true, 5, Arena.ofAuto());
        ParameterLayout layout = ParameterLayout.of(config, true);
        float[] flat = layout.copyOf(original);
        DecoderWeights views = layout.weightsOver(flat);

        for (NamedTensor t : original.tensors()) {
            MemorySegment a = t.data(), b = views.get(t.name());
            assertThat(b.byteSize()).as(t.name()).isEqualTo(a.byteSize());
            assertThat(b.mismatch(a)).as(t.name()).isEqualTo(-1);
        }
        assertThat(layout.slot(WeightLayout.VALUE_HEAD_BIAS).size()).isEqualTo(1);
        assertThat(views.valueHeadBias().getAtIndex(F, 0)).isZero();

        int[] tokens = TestModels.randomTokens(40, 9, 1);
        float[] expected = new Decoder(original).logitsOf(tokens, new KvCache(config));
        float[] actual = new Decoder(views).logitsOf(tokens, new KvCache(config));
        assertThat(actual).containsExactly(expected);

        flat[layout.slot("model.norm.weight").offset()] += 1f; // views alias the array
        assertThat(new Decoder(views).logitsOf(tokens, new KvCache(config))).isNotEqualTo(expected);
    }

    @Test
    void weightDecayAppliesToMatricesOnly() {
        ModelConfig config = TestModels.qwen2(40, 32, 1, 4, 2, 48, true);
        ParameterLayout layout = ParameterLayout.of(config, false);
        for (ParameterLayout.Slot s : layout.slots()) {
            assertThat(s.decays()).as(s.name()).isEqualTo(s.shape().length == 2);
            assertThat(s.offset() % 16).isZero();
        }
        assertThat(layout.slot("lm_head.weight")).isNull();
    }
}
