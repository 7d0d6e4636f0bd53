package io.reason4j.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model stretches its rotary position embedding (RoPE) beyond the context it was trained
 * on: config.json's {@code rope_scaling}. Absent (or {@code rope_type: "default"}) means plain RoPE
 * and is represented by a null {@code RopeScaling} in {@link ModelConfig}.
 *
 * <ul>
 *   <li>{@link Type#LINEAR}: position interpolation (Chen et al. 2023, arXiv:2306.15595): every
 *       frequency is divided by {@code factor}.
 *   <li>{@link Type#LLAMA3}: Llama 3.1's frequency-dependent scaling (transformers'
 *       {@code _compute_llama3_parameters}): long wavelengths are divided by {@code factor}, short
 *       ones are kept, and the band between is interpolated smoothly.
 * </ul>
 *
 * @param type the scaling method
 * @param factor how much longer the context becomes ({@code factor})
 * @param lowFreqFactor llama3 only ({@code low_freq_factor}); NaN for linear
 * @param highFreqFactor llama3 only ({@code high_freq_factor}); NaN for linear
 * @param originalMaxPositionEmbeddings llama3 only: the pre-training context length
 *     ({@code original_max_position_embeddings}); 0 for linear
 */
public record RopeScaling(Type type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositionEmbeddings) {

    /** The supported {@code rope_type} values. */
    public enum Type {
        LINEAR("linear"),
        LLAMA3("llama3");

        private final String hfName;

        Type(String hfName) {
            this.hfName = hfName;
        }

        /** The {@code rope_type} string in config.json. */
        public String hfName() {
            return hfName;
        }
    }

    public RopeScaling {
        if (type == null) {
            throw new IllegalArgumentException("rope scaling type is null");
        }
        if (!(factor > 0)) {
            throw new ModelFormatException("rope_scaling.factor must be positive, found " + factor);
        }
        if (type == Type.LLAMA3) {
            if (!(lowFreqFactor > 0 && highFreqFactor > lowFreqFactor)) {
                throw new ModelFormatException("rope_scaling needs 0 < low_freq_factor < high_freq_factor,"
                        + " found low_freq_factor " + lowFreqFactor + ", high_freq_factor " + highFreqFactor);
            }
            if (originalMaxPositionEmbeddings <= 0) {
                throw new ModelFormatException("rope_scaling.original_max_position_embeddings must be"
                        + " positive, found " + originalMaxPositionEmbeddings);
            }
        }
    }

    public static RopeScaling linear(double factor) {
        return new RopeScaling(Type.LINEAR, factor, Double.NaN, Double.NaN, 0);
    }

    public static RopeScaling llama3(double factor, double lowFreqFactor, double highFreqFactor,
                                     int originalMaxPositionEmbeddings) {
        return new RopeScaling(Type.LLAMA3, factor, lowFreqFactor, highFreqFactor,
                originalMaxPositionEmbeddings);
    }

    /**
     * Plain RoPE frequencies (Su et al. 2021, RoFormer, eq. 15): {@code 1 / theta^(2i/d)} for
     * {@code i} in {@code 0 .. d/2-1}.
     */
    public static double[] baseInverseFrequencies(int headDim, double ropeTheta) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs a positive even head dimension, got " + headDim);
        }
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(ropeTheta, (2.0 * i) / headDim);
        }
        return inv;
    }

    /**
     * The scaled inverse frequencies, as transformers' {@code inv_freq} (computed here in double;
     * transformers computes in float32, so values agree to float precision).
     */
    public double[] inverseFrequencies(int headDim, double ropeTheta) {
        double[] inv = baseInverseFrequencies(headDim, ropeTheta);
        switch (type) {
            case LINEAR -> {
                for (int i = 0; i < inv.length; i++) {
                    inv[i] /= factor;
                }
            }
            case LLAMA3 -> {
                double lowFreqWavelen = originalMaxPositionEmbeddings / lowFreqFactor;
                double highFreqWavelen = originalMaxPositionEmbeddings / highFreqFactor;
                for (int i = 0; i < inv.length; i++) {
                    double wavelen = 2 * Math.PI / inv[i];
                    if (wavelen > lowFreqWavelen) {
                        inv[i] /= factor;                 // low frequency: interpolate fully
                    } else if (wavelen >= highFreqWavelen) { // medium: blend the two
                        double smooth = (originalMaxPositionEmbeddings / wavelen - lowFreqFactor)
                                / (highFreqFactor - lowFreqFactor);
                        inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                    }                                     // high frequency: keep
                }
            }
        }
        return inv;
    }

    /**
     * Reads config.json's {@code rope_scaling} object (absent → null). Accepts the current key
     * {@code rope_type} and the older {@code type}.
     */
    static RopeScaling fromJson(JsonFields json) {
        if (json == null) {
            return null;
        }
        String key = json.has("rope_type") ? "rope_type" : "type";
        String name = json.optString(key);
        if (name == null && !json.node().isEmpty()) {
            json.requirePresent("rope_type");   // settings without a type: refuse to guess
        }
        if (name == null || name.equals("default")) {
            return null;
        }
        Type type = null;
        for (Type t : Type.values()) {
            if (t.hfName.equals(name)) {
                type = t;
            }
        }
        if (type == null) {
            throw json.invalid(key, "is '" + name + "', which reason4j does not support;"
                    + " supported are 'default', 'linear' and 'llama3'");
        }
        double factor = json.requireDouble("factor");
        boolean llama3 = type == Type.LLAMA3;
        double low = llama3 ? json.requireDouble("low_freq_factor") : Double.NaN;
        double high = llama3 ? json.requireDouble("high_freq_factor") : Double.NaN;
        int original = llama3 ? json.requireInt("original_max_position_embeddings") : 0;
        try {
            return new RopeScaling(type, factor, low, high, original);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(json.file() + ": " + e.getMessage(), e);
        }
    }

    /** The {@code rope_scaling} object as config.json writes it. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rope_type", type.hfName);
        out.put("factor", factor);
        if (type == Type.LLAMA3) {
            out.put("low_freq_factor", lowFreqFactor);
            out.put("high_freq_factor", highFreqFactor);
            out.put("original_max_position_embeddings", originalMaxPositionEmbeddings);
        }
        return out;
    }
}
