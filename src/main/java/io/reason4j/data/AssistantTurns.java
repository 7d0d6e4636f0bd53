package io.reason4j.data;

import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.TextFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the text of a rendered conversation that the assistant wrote, so that only it is trained
 * on: what TRL's {@code assistant_only_loss} does with templates that mark it with
 * {@code {% generation %}}, but for any template.
 *
 * <p>The method: render the whole conversation once. For each assistant message i, render the
 * messages before it with the generation prompt ({@code add_generation_prompt=True}: the text a
 * model is given before it writes turn i) and the messages up to and including it: the assistant
 * wrote what lies between the two. This holds only if both renders are prefixes of the whole
 * conversation's text, which we check: a template that renders an earlier turn differently once
 * later turns follow (Qwen3 drops the reasoning of assistant turns before the last user message)
 * is refused with an error naming the message, rather than masked wrongly.
 *
 * <p>The rendered turn ends with what the template puts after the message: an end-of-turn token
 * the model must learn to write ({@code <|im_end|>}, {@code <|eot_id|>}, {@code </s>}) and maybe
 * separators it never writes (ChatML's newline after {@code <|im_end|>}). We train through the last
 * special token after the message's content and not on what follows it, as TRL's generation-marked
 * templates do; a turn without a special token after its content is trained whole.
 */
final class AssistantTurns {

    private AssistantTurns() {
    }

    /**
     * The conversation's text in pieces: assistant turns from message {@code firstTrained} on are
     * trainable, all else is not.
     *
     * @param specialTokens the text of the tokenizer's special tokens, to find the end of a turn
     * @param field         the JSON field holding the messages, for errors: its element i is message i
     *                      (for a prompt-completion pair, the completion's element 0 is message
     *                      {@code firstTrained})
     */
    static List<JointTokenizer.Piece> pieces(ChatTemplate template, List<ChatMessage> messages, int firstTrained,
                                             Map<String, Object> variables, List<String> specialTokens,
                                             MessageFields field) {
        String whole = render(template, messages, false, variables, field.conversation());
        List<JointTokenizer.Piece> pieces = new ArrayList<>();
        int done = 0;
        for (int i = firstTrained; i < messages.size(); i++) {
            if (!messages.get(i).role().equals("assistant")) {
                continue;
            }
            String before = render(template, messages.subList(0, i), true, variables, field.message(i));
            String through = render(template, messages.subList(0, i + 1), false, variables, field.message(i));
            if (!whole.startsWith(before) || before.length() < done) {
                throw field.message(i).problem("the chat template renders the conversation before this assistant"
                        + " message (with the generation prompt) differently from the start of the whole conversation,"
                        + " so the assistant's tokens cannot be found by rendering prefixes; "
                        + PREFIX_ADVICE);
            }
            if (!whole.startsWith(through)) {
                throw field.message(i).problem("the chat template renders the conversation up to this assistant"
                        + " message differently from the start of the whole conversation (it changes earlier turns"
                        + " once later ones follow, as Qwen3's drops the reasoning of earlier turns), so the"
                        + " assistant's tokens cannot be found by rendering prefixes; " + PREFIX_ADVICE);
            }
            if (through.length() < before.length()) {
                throw field.message(i).problem("the chat template's generation prompt is not how it starts a rendered"
                        + " assistant message (rendering the message gives less text than the generation prompt),"
                        + " so the assistant's tokens cannot be found");
            }
            int start = before.length();
            int end = endOfTurn(whole, start, through.length(), messages.get(i).content(), specialTokens);
            pieces.add(new JointTokenizer.Piece(whole.substring(done, start), false));
            pieces.add(new JointTokenizer.Piece(whole.substring(start, end), true));
            done = end;
        }
        pieces.add(new JointTokenizer.Piece(whole.substring(done), false));
        return pieces;
    }

    private static final String PREFIX_ADVICE = "split the conversation so that each example ends with the"
            + " assistant turn to train on, or use a template that renders earlier turns the same whatever follows";

    /**
     * Where the trained text of the turn in whole[start, end) ends: after the last special token
     * that follows the message's content, or at end if none does.
     */
    static int endOfTurn(String whole, int start, int end, String content, List<String> specialTokens) {
        String turn = whole.substring(start, end);
        int searchFrom = 0;
        if (content != null && !content.strip().isEmpty()) {
            // The first occurrence: the content comes before the end-of-turn token, and a short content
            // ("m") may also occur inside that token's text ("<|im_end|>").
            int at = turn.indexOf(content.strip());
            if (at >= 0) {
                searchFrom = at + content.strip().length();
            }
        }
        int cut = -1;
        for (String special : specialTokens) {
            int at = turn.lastIndexOf(special);
            if (at >= searchFrom && at + special.length() > cut) {
                cut = at + special.length();
            }
        }
        return cut < 0 ? end : start + cut;
    }

    private static String render(ChatTemplate template, List<ChatMessage> messages, boolean generationPrompt,
                                 Map<String, Object> variables, JsonField field) {
        try {
            return template.render(messages, generationPrompt, variables);
        } catch (TextFormatException e) {
            throw field.problem(e.getMessage());
        }
    }

    /** The JSON fields messages come from: one list, or a prompt list followed by a completion list. */
    record MessageFields(JsonField prompt, int promptSize, JsonField completion) {

        static MessageFields of(JsonField messages) {
            return new MessageFields(messages, Integer.MAX_VALUE, null);
        }

        JsonField message(int i) {
            return i < promptSize ? prompt.get(i) : completion.get(i - promptSize);
        }

        /** Where to point when the conversation as a whole cannot be rendered: its list, or the line. */
        JsonField conversation() {
            return completion == null ? prompt : JsonField.line(null, prompt.location());
        }
    }
}
