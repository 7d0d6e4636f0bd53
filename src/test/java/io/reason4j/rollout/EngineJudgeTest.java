package io.reason4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.engine.Completion;
import io.reason4j.engine.Engine;
import io.reason4j.engine.FinishReason;
import io.reason4j.engine.GenerationRequest;
import io.reason4j.engine.LiveBatch;
import io.reason4j.reward.ModelJudge;
import io.reason4j.reward.JudgeVerdict;
import io.reason4j.text.ChatTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineJudgeTest {

    /** Answers every request with fixed text, and remembers what it was asked. */
    private static final class FixedAnswerEngine implements Engine {
        final List<GenerationRequest> asked = new ArrayList<>();
        final String answer;

        FixedAnswerEngine(String answer) {
            this.answer = answer;
        }

        @Override
        public List<Completion> generate(List<GenerationRequest> requests) {
            asked.addAll(requests);
            return requests.stream().map(r -> new Completion(TinyTokenizer.ids(answer), new float[0], FinishReason.STOP, null)).toList();
        }

        @Override
        public LiveBatch newBatch() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theJudgePromptGoesThroughTheChatTemplateAndIsAnsweredGreedily() {
        FixedAnswerEngine engine = new FixedAnswerEngine("Both are one half.\nYES");
        ChatTemplate template = ChatTemplate.of("{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}"
                + "{% if add_generation_prompt %}[assistant]{% endif %}");
        ModelJudge judge = new ModelJudge(new EngineJudge(engine, TinyTokenizer.TOKENIZER, template, 64));
        JudgeVerdict verdict = judge.judge("What is 2/4?", "1/2", "0.5");
        assertThat(verdict.completion()).isEqualTo("Both are one half.\nYES");
        assertThat(verdict.verdict().name()).isEqualTo("EQUIVALENT");
        GenerationRequest request = engine.asked.getFirst();
        String expectedPrompt = "[user]" + judge.prompt("What is 2/4?", "1/2", "0.5") + "[assistant]";
        assertThat(request.promptIds()).containsExactly(TinyTokenizer.ids(expectedPrompt));
        assertThat(request.params().temperature()).isZero();
        assertThat(request.params().maxNewTokens()).isEqualTo(64);
    }
}
