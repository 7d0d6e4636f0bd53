package io.reason4j.rollout;

import io.reason4j.engine.Completion;
import io.reason4j.engine.Engine;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.SamplingParams;
import io.reason4j.reward.JudgeModel;
import io.reason4j.text.ChatMessage;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import java.util.List;

/**
 * Any {@link Engine} as the model-based verifier's judge ({@link io.reason4j.reward.ModelJudge}):
 * the judge prompt goes in as one user turn through the model's chat template (or as raw text for
 * a base model without one) and is answered greedily, so a verdict does not depend on a seed.
 * Lives here, not in {@code reward}, because rewards must not know about engines.
 */
public final class EngineJudge implements JudgeModel {
    private final Engine engine;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final int maxNewTokens;

    /** @param template the judge model's chat template, or null to send the prompt as raw text */
    public EngineJudge(Engine engine, Tokenizer tokenizer, ChatTemplate template, int maxNewTokens) {
        if (maxNewTokens < 1) throw new IllegalArgumentException("the judge needs at least 1 new token, got " + maxNewTokens);
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.template = template;
        this.maxNewTokens = maxNewTokens;
    }

    @Override
    public String complete(String prompt) {
        String text = template == null ? prompt : template.render(List.of(ChatMessage.user(prompt)), true);
        int[] ids = tokenizer.encode(text, template == null);
        Completion c = engine.generate(List.of(new GenerationRequest(ids, SamplingParams.greedy(maxNewTokens)))).getFirst();
        return c.text() != null ? c.text() : tokenizer.decode(c.tokenIds(), true);
    }
}
