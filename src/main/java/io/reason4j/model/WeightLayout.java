package io.reason4j.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a decoder as Hugging Face names and shapes them (Linear weights are
 * [out, in]). One list, in one order, used for loading, random initialisation and writing, so the
 * three can never disagree.
 */
public final class WeightLayout {
    /** Optional scalar value head on the final hidden state, named as HF token-classification heads are. */
    public static final String VALUE_HEAD = "score.weight";
    public static final String VALUE_HEAD_BIAS = "score.bias";

    /** One parameter: its HF name, shape, and whether it is a norm weight (initialised to 1). */
    public record Entry(String name, long[] shape, boolean isNorm, boolean isBias) {}

    private WeightLayout() {}

    public static String layer(int i, String suffix) {
        return "model.layers." + i + "." + suffix;
    }

    /** Every parameter the config calls for; the LM head only when embeddings are untied. */
    public static List<Entry> entries(ModelConfig c, boolean valueHead) {
        long h = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), f = c.intermediateSize();
        List<Entry> out = new ArrayList<>();
        out.add(weight("model.embed_tokens.weight", c.vocabSize(), h));
        for (int i = 0; i < c.numLayers(); i++) {
            out.add(norm(layer(i, "input_layernorm.weight"), h));
            out.add(weight(layer(i, "self_attn.q_proj.weight"), q, h));
            out.add(weight(layer(i, "self_attn.k_proj.weight"), kv, h));
            out.add(weight(layer(i, "self_attn.v_proj.weight"), kv, h));
            if (hasQkvBias(c)) {
                out.add(bias(layer(i, "self_attn.q_proj.bias"), q));
                out.add(bias(layer(i, "self_attn.k_proj.bias"), kv));
                out.add(bias(layer(i, "self_attn.v_proj.bias"), kv));
            }
            out.add(weight(layer(i, "self_attn.o_proj.weight"), h, q));
            if (hasOutputBias(c)) out.add(bias(layer(i, "self_attn.o_proj.bias"), h));
            out.add(norm(layer(i, "post_attention_layernorm.weight"), h));
            out.add(weight(layer(i, "mlp.gate_proj.weight"), f, h));
            out.add(weight(layer(i, "mlp.up_proj.weight"), f, h));
            out.add(weight(layer(i, "mlp.down_proj.weight"), h, f));
        }
        out.add(norm("model.norm.weight", h));
        if (!c.tieWordEmbeddings()) out.add(weight("lm_head.weight", c.vocabSize(), h));
        if (valueHead) out.add(weight(VALUE_HEAD, 1, h));
        return out;
    }

    /** Qwen2 always has q/k/v biases; Llama has them (and an o_proj bias) when attention_bias is set. */
    public static boolean hasQkvBias(ModelConfig c) {
        return c.architecture() == Architecture.QWEN2 || c.attentionBias();
    }

    public static boolean hasOutputBias(ModelConfig c) {
        return c.architecture() == Architecture.LLAMA && c.attentionBias();
    }

    private static Entry weight(String name, long... shape) {
        return new Entry(name, shape, false, false);
    }

    private static Entry norm(String name, long size) {
        return new Entry(name, new long[] {size}, true, false);
    }

    private static Entry bias(String name, long size) {
        return new Entry(name, new long[] {size}, false, true);
    }
}
