package io.reason4j.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a Llama / Qwen2 decoder, as read from and written to a Hugging Face
 * {@code config.json}. Field names follow transformers' {@code LlamaConfig} and
 * {@code Qwen2Config}; the defaults below are theirs.
 *
 * @param architecture the decoder family ({@code architectures}, {@code model_type})
 * @param vocabSize rows of the embedding and of the LM head ({@code vocab_size})
 * @param hiddenSize the residual stream width ({@code hidden_size})
 * @param numLayers decoder blocks ({@code num_hidden_layers})
 * @param numHeads query heads ({@code num_attention_heads})
 * @param numKvHeads key/value heads, fewer than query heads under grouped-query attention
 *     (Ainslie et al. 2023, arXiv:2305.13245) ({@code num_key_value_heads}; default numHeads)
 * @param headDim width of one head ({@code head_dim}; default hiddenSize / numHeads)
 * @param intermediateSize the SwiGLU MLP's inner width ({@code intermediate_size})
 * @param rmsNormEps epsilon inside RMSNorm's square root ({@code rms_norm_eps}; default 1e-6)
 * @param ropeTheta the RoPE base ({@code rope_theta}; default 10000)
 * @param ropeScaling long-context RoPE scaling, or null for none ({@code rope_scaling})
 * @param tieWordEmbeddings whether the LM head reuses the embedding matrix
 *     ({@code tie_word_embeddings}; default false)
 * @param attentionBias whether q/k/v/o projections have biases: Llama reads
 *     {@code attention_bias} (default false); Qwen2 always has q/k/v biases, so this is true
 * @param maxPositionEmbeddings the context length the model supports
 *     ({@code max_position_embeddings}; default 2048)
 * @param bosTokenId the beginning-of-sequence token, or null ({@code bos_token_id})
 * @param eosTokenIds the end-of-sequence tokens, possibly empty ({@code eos_token_id}: an integer
 *     or a list; Llama 3 instruct models list several)
 */
public record ModelConfig(Architecture architecture, int vocabSize, int hiddenSize, int numLayers,
                          int numHeads, int numKvHeads, int headDim, int intermediateSize,
                          double rmsNormEps, double ropeTheta, RopeScaling ropeScaling,
                          boolean tieWordEmbeddings, boolean attentionBias, int maxPositionEmbeddings,
                          Integer bosTokenId, List<Integer> eosTokenIds) {

    /** The config file name that transformers reads. */
    public static final String FILE_NAME = "config.json";

    public ModelConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture is null");
        }
        requirePositive("vocab_size", vocabSize);
        requirePositive("hidden_size", hiddenSize);
        requirePositive("num_hidden_layers", numLayers);
        requirePositive("num_attention_heads", numHeads);
        requirePositive("num_key_value_heads", numKvHeads);
        requirePositive("head_dim", headDim);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("max_position_embeddings", maxPositionEmbeddings);
        if (numHeads % numKvHeads != 0) {
            throw new ModelFormatException("num_attention_heads (" + numHeads
                    + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new ModelFormatException("head_dim must be even for rotary embeddings, found " + headDim);
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
            throw new ModelFormatException("rms_norm_eps and rope_theta must be positive, found "
                    + rmsNormEps + " and " + ropeTheta);
        }
        if (architecture == Architecture.QWEN2 && !attentionBias) {
            throw new ModelFormatException("Qwen2 always has q/k/v projection biases;"
                    + " attentionBias must be true");
        }
        eosTokenIds = eosTokenIds == null ? List.of() : List.copyOf(eosTokenIds);
    }

    /** Width of all query heads together: numHeads × headDim. */
    public int qDim() {
        return numHeads * headDim;
    }

    /** Width of all key (or value) heads together: numKvHeads × headDim. */
    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** RoPE inverse frequencies for one head, with {@link #ropeScaling()} applied if present. */
    public double[] ropeInverseFrequencies() {
        return ropeScaling == null
                ? RopeScaling.baseInverseFrequencies(headDim, ropeTheta)
                : ropeScaling.inverseFrequencies(headDim, ropeTheta);
    }

    /**
     * Reads a Hugging Face config.json. Unknown keys are ignored; keys that would change the
     * computation in ways reason4j does not implement ({@code hidden_act} other than silu,
     * {@code mlp_bias}, Qwen2's {@code use_sliding_window}) are refused.
     *
     * @throws ModelFormatException naming the file and key if the file is missing, malformed,
     *     lacks a required key, has a value of the wrong type, or describes an unsupported model
     */
    public static ModelConfig read(Path configJson) {
        JsonFields json = JsonFields.read(configJson);
        Architecture architecture = Architecture.fromHf(json.optStringList("architectures"),
                json.optString("model_type"), configJson);

        int hiddenSize = json.requireInt("hidden_size");
        int numHeads = json.requireInt("num_attention_heads");
        if (numHeads <= 0) {
            throw json.invalid("num_attention_heads", "must be positive, found " + numHeads);
        }
        String activation = json.optString("hidden_act");
        if (activation != null && !activation.equals("silu")) {
            throw json.invalid("hidden_act", "is '" + activation + "'; reason4j supports only 'silu' (SwiGLU)");
        }
        if (json.optBoolean("mlp_bias", false)) {
            throw json.invalid("mlp_bias", "is true; reason4j supports only MLPs without biases");
        }
        if (json.optBoolean("use_sliding_window", false)) {
            throw json.invalid("use_sliding_window", "is true; reason4j does not support sliding-window attention");
        }

        // transformers 5 moves rope_theta and rope_scaling into one rope_parameters object
        JsonFields ropeParameters = json.optObject("rope_parameters");
        double ropeTheta = json.optDouble("rope_theta", 10000.0);
        RopeScaling ropeScaling;
        if (ropeParameters != null) {
            ropeTheta = ropeParameters.optDouble("rope_theta", ropeTheta);
            ropeScaling = RopeScaling.fromJson(ropeParameters);
        } else {
            ropeScaling = RopeScaling.fromJson(json.optObject("rope_scaling"));
        }

        int vocabSize = json.requireInt("vocab_size");
        int numLayers = json.requireInt("num_hidden_layers");
        int numKvHeads = json.optInt("num_key_value_heads", numHeads);
        int headDim = json.optInt("head_dim", hiddenSize / numHeads);
        int intermediateSize = json.requireInt("intermediate_size");
        double rmsNormEps = json.optDouble("rms_norm_eps", 1e-6);
        boolean tieWordEmbeddings = json.optBoolean("tie_word_embeddings", false);
        boolean attentionBias = architecture == Architecture.QWEN2 || json.optBoolean("attention_bias", false);
        int maxPositionEmbeddings = json.optInt("max_position_embeddings", 2048);
        Integer bosTokenId = json.optInteger("bos_token_id");
        List<Integer> eosTokenIds = json.intOrIntList("eos_token_id");
        try {
            return new ModelConfig(architecture, vocabSize, hiddenSize, numLayers, numHeads, numKvHeads,
                    headDim, intermediateSize, rmsNormEps, ropeTheta, ropeScaling, tieWordEmbeddings,
                    attentionBias, maxPositionEmbeddings, bosTokenId, eosTokenIds);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(configJson + ": " + e.getMessage(), e);
        }
    }

    /** Writes config.json with {@code torch_dtype} float32; see {@link #write(Path, DType)}. */
    public void write(Path configJson) {
        write(configJson, DType.F32);
    }

    /**
     * Writes a config.json that transformers and vLLM load, atomically (a temporary file in the
     * same directory, then a rename). Keys are sorted, as transformers writes them.
     *
     * @param torchDtype the dtype the weights are saved in, recorded as {@code torch_dtype}
     */
    public void write(Path configJson, DType torchDtype) {
        Map<String, Object> out = new TreeMap<>();
        out.put("architectures", List.of(architecture.hfClassName()));
        out.put("model_type", architecture.modelType());
        out.put("vocab_size", vocabSize);
        out.put("hidden_size", hiddenSize);
        out.put("num_hidden_layers", numLayers);
        out.put("num_attention_heads", numHeads);
        out.put("num_key_value_heads", numKvHeads);
        out.put("head_dim", headDim);
        out.put("intermediate_size", intermediateSize);
        out.put("hidden_act", "silu");
        out.put("rms_norm_eps", rmsNormEps);
        out.put("rope_theta", ropeTheta);
        out.put("rope_scaling", ropeScaling == null ? null : ropeScaling.toJson());
        out.put("tie_word_embeddings", tieWordEmbeddings);
        out.put("attention_bias", attentionBias);
        out.put("max_position_embeddings", maxPositionEmbeddings);
        out.put("bos_token_id", bosTokenId);
        out.put("eos_token_id", eosTokenIds.isEmpty() ? null
                : eosTokenIds.size() == 1 ? eosTokenIds.getFirst() : eosTokenIds);
        out.put("torch_dtype", torchDtype.torchName());
        out.put("use_cache", true);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        try {
            String text = JsonFields.MAPPER.writer(printer).writeValueAsString(out) + "\n";
            AtomicFile.write(configJson, text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new ModelFormatException(key + " must be positive, found " + value);
        }
    }
}
