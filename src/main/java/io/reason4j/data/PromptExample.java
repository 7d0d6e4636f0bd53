package io.reason4j.data;

import io.reason4j.text.ChatMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One problem for RL or evaluation, in the shape verl's RL datasets have: the prompt as chat
 * messages, the reference answer the reward compares with ({@code reward_model.ground_truth}),
 * where the problem comes from ({@code data_source}) and free-form metadata ({@code extra_info}).
 * Built-in tasks and dataset files both produce these.
 *
 * @param id         a stable identifier (a file's row, or a task's seed), unique within its dataset
 * @param prompt     the messages the model is given; rendered with the model's chat template and the
 *                   generation prompt
 * @param groundTruth the reference answer (e.g. {@code "7793"} or {@code "\\frac{1}{2}"})
 * @param dataSource the dataset or task name, e.g. {@code "arithmetic"} or {@code "openai/gsm8k"}
 * @param extraInfo  metadata kept with per-problem results (plain Java maps, lists, strings, numbers)
 */
public record PromptExample(String id, List<ChatMessage> prompt, String groundTruth, String dataSource,
                            Map<String, Object> extraInfo) {
    public PromptExample {
        if (id == null || prompt == null || prompt.isEmpty() || groundTruth == null || dataSource == null) {
            throw new IllegalArgumentException("a prompt example needs an id, at least one prompt message, a ground truth and a data source");
        }
        prompt = List.copyOf(prompt);
        // Insertion order kept and null values allowed, as JSON metadata has them.
        extraInfo = extraInfo == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraInfo));
    }

    /**
     * The problem as text: its user messages' content, one after another. Deduplication and
     * decontamination compare this, not the system message or the chat template, which many problems
     * share (Open R1 compares its {@code problem} column the same way). A prompt without a user
     * message gives all its messages' content.
     */
    public String problemText() {
        List<String> user = prompt.stream().filter(m -> m.role().equals("user") && m.content() != null).map(ChatMessage::content).toList();
        List<String> parts = user.isEmpty() ? prompt.stream().map(ChatMessage::content).filter(c -> c != null).toList() : user;
        return String.join("\n", parts);
    }

    /** The same problem with {@code system} as its first message (a system message it had is replaced). */
    public PromptExample withSystem(String system) {
        List<ChatMessage> messages = new java.util.ArrayList<>(List.of(ChatMessage.system(system)));
        for (ChatMessage m : prompt) if (!m.role().equals("system")) messages.add(m);
        return new PromptExample(id, messages, groundTruth, dataSource, extraInfo);
    }
}
