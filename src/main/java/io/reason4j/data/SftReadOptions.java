package io.reason4j.data;

import java.util.Map;

/**
 * How JSONL lines become {@link SftExample}s.
 *
 * @param appendEos         append the tokenizer's eos_token to text completions ({@link SftFormat#PROMPT_COMPLETION},
 *                          {@link SftFormat#SEGMENTS}, {@link SftFormat#TEXT}) that do not already end with it,
 *                          and train on it, so the model learns to stop. Default true, as TRL's SFTTrainer does
 *                          for non-conversational data. Chat examples end with the template's end-of-turn
 *                          token instead, and pre-tokenized examples are used as given.
 * @param templateVariables extra variables for the chat template, for every example (e.g.
 *                          {@code enable_thinking}); a line's {@code chat_template_kwargs} override them.
 *                          Default none.
 * @param vocabSize         pre-tokenized ids must be below this; 0 (the default) takes the tokenizer's
 *                          vocabulary size, or checks only that ids are not negative when there is no
 *                          tokenizer. Pass the model's vocab_size when training without a tokenizer.
 */
public record SftReadOptions(boolean appendEos, Map<String, Object> templateVariables, int vocabSize) {

    public static final SftReadOptions DEFAULTS = new SftReadOptions(true, Map.of(), 0);

    public SftReadOptions {
        templateVariables = Map.copyOf(templateVariables);
        if (templateVariables.containsKey("messages") || templateVariables.containsKey("add_generation_prompt")) {
            throw new IllegalArgumentException("messages and add_generation_prompt are set per example, not as template"
                    + " variables");
        }
        if (vocabSize < 0) {
            throw new IllegalArgumentException("vocabSize must be 0 (unknown) or positive, got " + vocabSize);
        }
    }

    public SftReadOptions withAppendEos(boolean append) {
        return new SftReadOptions(append, templateVariables, vocabSize);
    }

    public SftReadOptions withTemplateVariables(Map<String, Object> variables) {
        return new SftReadOptions(appendEos, variables, vocabSize);
    }

    public SftReadOptions withVocabSize(int size) {
        return new SftReadOptions(appendEos, templateVariables, size);
    }
}
