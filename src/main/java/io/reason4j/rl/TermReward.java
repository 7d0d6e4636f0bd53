package io.reason4j.rl;

import io.reason4j.data.PromptExample;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.remote.RemoteOptions;
import io.reason4j.model.ModelFormatException;
import io.reason4j.reward.AnswerExtractor;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.JudgeModel;
import io.reason4j.reward.RewardComponent;
import io.reason4j.reward.RewardContext;
import io.reason4j.reward.RewardSample;
import io.reason4j.reward.VerificationResult;
import io.reason4j.rollout.ChatEndpointJudge;
import io.reason4j.rollout.EngineJudge;
import io.reason4j.rollout.ResponseText;
import io.reason4j.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The RL reward as a weighted sum of terms, {@code R = Σ w_k r_k} ({@code reward.terms}; the default
 * is the accuracy term alone): RLVR's correctness reward, DAPO's overlong punishment, R1's format and
 * language-consistency rewards, a model judge, …. Every term judges the policy's own words ({@link
 * ResponseText#policyWords}; only tool_use_format reads the whole transcript, to see where tool
 * output sits); each term's unweighted value is kept for {@code reward/<term>/mean}. Whether a
 * response is <em>correct</em> (accuracy metrics, DAPO's dynamic sampling, the hacking monitor) is
 * the problem's verifier's verdict, whatever the terms. Owns the judge models it opened.
 */
public final class TermReward implements OutcomeReward, AutoCloseable {
    private final Function<PromptExample, AnswerVerifier> verifiers;
    private final List<RewardTerms.Term> terms;
    private final List<AutoCloseable> resources;
    /** The components made for each verifier seen (a run has one or a few: one per task). */
    private final Map<AnswerVerifier, List<RewardComponent>> components = new IdentityHashMap<>();

    /** Terms made in Java (custom components included); nothing to close. */
    public TermReward(Function<PromptExample, AnswerVerifier> verifiers, List<RewardTerms.Term> terms) {
        this(verifiers, terms, List.of());
    }

    private TermReward(Function<PromptExample, AnswerVerifier> verifiers, List<RewardTerms.Term> terms, List<AutoCloseable> resources) {
        if (terms.isEmpty()) throw new IllegalArgumentException("a reward needs at least one term");
        this.verifiers = verifiers;
        this.terms = List.copyOf(terms);
        this.resources = resources;
    }

    /** The terms of a configuration, judge models opened (a local directory, or endpoints). */
    public static TermReward of(Function<PromptExample, AnswerVerifier> verifiers, RlConfig config) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            List<RewardTerms.Term> terms = RewardTerms.build(config.reward().terms(), config.sampling().maxResponseLength(),
                    source -> openJudge(source, opened));
            return new TermReward(verifiers, terms, opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static JudgeModel openJudge(RewardTerms.JudgeSource s, List<AutoCloseable> opened) {
        if (!s.endpoints().isEmpty()) {
            ChatEndpointJudge judge = new ChatEndpointJudge(RemoteOptions.of(s.endpoints()), s.servedModel(), s.maxTokens());
            opened.add(judge);
            return judge;
        }
        ModelDirectory dir;
        try {
            dir = ModelDirectory.open(Path.of(s.modelDir()));
        } catch (RuntimeException e) {
            throw new ModelFormatException("the judge term's model (options.model " + s.modelDir() + "): " + e.getMessage());
        }
        opened.add(dir);
        Tokenizer tokenizer = dir.tokenizer().orElseThrow(() -> new ModelFormatException("the judge model in " + s.modelDir()
                + " has no tokenizer.json; a judge reads and writes text"));
        EngineJudge judge = new EngineJudge(dir.engine(), tokenizer, tokenizer.chatTemplate().orElse(null), s.maxTokens());
        // one local engine, asked from the parallel scoring threads: one question at a time
        return prompt -> {
            synchronized (judge) {
                return judge.complete(prompt);
            }
        };
    }

    @Override
    public ScoredResponse score(PromptExample problem, String prompt, ResponseText response) {
        AnswerVerifier verifier = verifiers.apply(problem);
        List<RewardComponent> made;
        synchronized (components) {
            made = components.computeIfAbsent(verifier, v -> terms.stream().map(t -> t.component().apply(v)).toList());
        }
        RewardContext context = new RewardContext(new RewardSample(prompt, response.policyWords(), problem.groundTruth(), response.tokens(),
                response.full()));
        Map<String, Double> values = new LinkedHashMap<>();
        double total = 0;
        for (int k = 0; k < terms.size(); k++) {
            double v = made.get(k).score(context).value();
            values.put(terms.get(k).name(), v);
            total += terms.get(k).weight() * v;
        }
        VerificationResult verdict = context.verification(verifier);
        return new ScoredResponse(total, verdict.equivalent(), values, verdict.rule() == null ? null : verdict.rule().configName(),
                AnswerExtractor.statedAnswers(response.policyWords()));
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing a judge's model or connection cannot fail the run
            }
        }
    }
}
