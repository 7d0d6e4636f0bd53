package io.reason4j.data;

/**
 * The kinds of line an SFT JSONL file may hold, told apart per line by their keys (a file may mix
 * them). docs/data-formats.md shows each with an example and its token layout. Keys not named here
 * (ids, sources, metadata) are ignored.
 */
public enum SftFormat {

    /**
     * {@code {"messages": [{"role": ..., "content": ...}, ...]}}, roles system, user, assistant,
     * tool: rendered with the model's chat template; only assistant turns are trained, through their
     * end-of-turn token (TRL's {@code assistant_only_loss}). Optional {@code "tools"} (a list, passed
     * to the template) and {@code "chat_template_kwargs"} (an object of template variables).
     */
    CHAT,

    /**
     * {@code {"prompt": "...", "completion": "..."}}: the completion is trained, the prompt not
     * (TRL's {@code completion_only_loss}); EOS is appended to the completion unless it ends with it.
     * The prompt may also be a list of messages, rendered with the generation prompt.
     */
    PROMPT_COMPLETION,

    /**
     * {@code {"prompt": [messages], "completion": [messages]}}, TRL's conversational
     * prompt-completion: rendered as one conversation; the assistant turns of the completion are
     * trained.
     */
    CHAT_PROMPT_COMPLETION,

    /**
     * {@code {"prompt": "..." or [messages], "completion": [{"text": "...", "train": true}, ...]}}:
     * a completion in segments, of which only those with {@code "train": true} are trained, so that
     * tool output inside a reasoning trace is context, not a target. EOS is appended as for
     * {@link #PROMPT_COMPLETION}.
     */
    SEGMENTS,

    /** {@code {"text": "..."}}: plain language modelling, every token trained, EOS appended (TRL). */
    TEXT,

    /**
     * Pre-tokenized, for models without a tokenizer: {@code {"input_ids": [...], "loss_mask": [0, 1, ...]}}
     * ({@code loss_mask}, or TRL's name {@code completion_mask}, is optional: all tokens are trained
     * without it), or {@code {"prompt_ids": [...], "completion_ids": [...]}}. Used as given: no EOS
     * is appended.
     */
    TOKENS
}
