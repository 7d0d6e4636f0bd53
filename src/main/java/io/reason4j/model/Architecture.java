package io.reason4j.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The decoder families reason4j runs, as Hugging Face names them in {@code config.json}.
 *
 * <p>Both are pre-norm decoders with RMSNorm, rotary embeddings, grouped-query attention and a
 * SwiGLU MLP; they differ only in that Qwen2 always has biases on the q/k/v projections.
 */
public enum Architecture {
    LLAMA("LlamaForCausalLM", "llama"),
    QWEN2("Qwen2ForCausalLM", "qwen2");

    private final String hfClassName;
    private final String modelType;

    Architecture(String hfClassName, String modelType) {
        this.hfClassName = hfClassName;
        this.modelType = modelType;
    }

    /** The class name in config.json's {@code architectures} list, e.g. {@code LlamaForCausalLM}. */
    public String hfClassName() {
        return hfClassName;
    }

    /** The config.json {@code model_type}, e.g. {@code llama}. */
    public String modelType() {
        return modelType;
    }

    /**
     * Picks the architecture from config.json's {@code architectures} list, or from
     * {@code model_type} when the list is absent (some hand-written configs omit it). The class
     * name wins when both are present, as it does in transformers' {@code AutoModelForCausalLM}.
     *
     * @param architectures the {@code architectures} list, or null
     * @param modelType the {@code model_type}, or null
     * @param file the config file, named in the error message
     * @throws ModelFormatException if neither names a supported architecture
     */
    public static Architecture fromHf(List<String> architectures, String modelType, Path file) {
        if (architectures != null && !architectures.isEmpty()) {
            for (String name : architectures) {
                for (Architecture a : values()) {
                    if (a.hfClassName.equals(name)) {
                        return a;
                    }
                }
            }
            throw new ModelFormatException(file + ": unsupported architecture " + architectures
                    + "; supported are " + supported());
        }
        if (modelType == null) {
            throw new ModelFormatException(file + ": missing key 'architectures' (and 'model_type');"
                    + " expected one of " + supported());
        }
        for (Architecture a : values()) {
            if (a.modelType.equals(modelType)) {
                return a;
            }
        }
        throw new ModelFormatException(file + ": unsupported model_type '" + modelType
                + "'; supported are " + supported());
    }

    private static String supported() {
        return Arrays.stream(values())
                .map(a -> a.hfClassName + " (model_type '" + a.modelType + "')")
                .collect(Collectors.joining(", "));
    }
}
