package io.reason4j.text;

import java.util.Arrays;

/**
 * Turns the tokens of one sequence, given one at a time, into text as soon as it is complete:
 * for streaming output and for checking stop strings while generating.
 *
 * <p>A token is not a piece of text on its own: byte-level BPE splits a character such as "数"
 * over several tokens, and SentencePiece tokenizers drop or keep a leading space depending on what
 * comes before. So we decode a short window of tokens, the ones already returned as context plus
 * the new ones, and return what the new ones add. A window that ends in U+FFFD is an incomplete
 * UTF-8 character: we hold it back until the next token completes it. This is the method of
 * Hugging Face text-generation-inference ({@code decode_token}); each call decodes O(window)
 * tokens, not the whole sequence.
 *
 * <p>Not thread-safe: one decoder per sequence.
 */
public final class IncrementalDecoder {

    /**
     * How many tokens we hold back at most while the text ends in U+FFFD. A UTF-8 character has
     * at most 4 bytes and every token carries at least one, so a real character is complete by
     * then; after that the U+FFFD is real (the model produced invalid bytes) and we let it out.
     */
    private static final int MAX_HELD_TOKENS = 8;

    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] ids = new int[64];
    private int size;
    /** ids[prefixOffset, readOffset) were returned already and are the context of the window. */
    private int prefixOffset;
    private int readOffset;
    /** The decoded text of ids[prefixOffset, readOffset). */
    private String prefixText = "";

    public IncrementalDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Appends a token and returns the text it completes: often one word piece, sometimes "". */
    public String add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, 2 * size);
        }
        ids[size++] = id;
        String text = tokenizer.decode(ids, prefixOffset, size, skipSpecialTokens);
        if (text.endsWith("\uFFFD") && size - readOffset < MAX_HELD_TOKENS) {
            return "";
        }
        return advance(text);
    }

    /** Returns the text still held back (an incomplete character, as U+FFFD), e.g. when generation ends. */
    public String flush() {
        return readOffset == size ? "" : advance(tokenizer.decode(ids, prefixOffset, size, skipSpecialTokens));
    }

    /** The number of tokens added so far. */
    public int size() {
        return size;
    }

    private String advance(String text) {
        // The window's text normally extends the context's; if a decoder rewrote the context
        // (e.g. cleaned up spaces), return nothing rather than a wrong piece.
        String fresh = text.length() > prefixText.length() ? text.substring(prefixText.length()) : "";
        prefixOffset = readOffset;
        readOffset = size;
        prefixText = tokenizer.decode(ids, prefixOffset, readOffset, skipSpecialTokens);
        return fresh;
    }
}
