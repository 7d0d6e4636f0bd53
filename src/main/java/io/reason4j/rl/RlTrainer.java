package io.reason4j.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reason4j.data.PromptExample;
import io.reason4j.data.SftDataset;
import io.reason4j.data.SftReadOptions;
import io.reason4j.engine.LocalEngine;
import io.reason4j.engine.ModelDirectory;
import io.reason4j.engine.SamplingParams;
import io.reason4j.model.AdamW;
import io.reason4j.model.CheckpointStore;
import io.reason4j.model.DType;
import io.reason4j.model.Decoder;
import io.reason4j.model.ModelConfig;
import io.reason4j.model.ModelExport;
import io.reason4j.model.ModelFormatException;
import io.reason4j.model.ParameterLayout;
import io.reason4j.model.TrainingCheckpoint;
import io.reason4j.rollout.BudgetForcing;
import io.reason4j.rollout.ChatToolFormat;
import io.reason4j.rollout.InlineToolFormat;
import io.reason4j.rollout.Rollout;
import io.reason4j.rollout.RolloutFinish;
import io.reason4j.rollout.RolloutOptions;
import io.reason4j.rollout.ToolFormat;
import io.reason4j.rollout.ToolStatistics;
import io.reason4j.rollout.Trajectory;
import io.reason4j.text.ChatTemplate;
import io.reason4j.text.Tokenizer;
import io.reason4j.track.MetricsLog;
import io.reason4j.track.ProgressLine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The RL trainer (architecture.md, "Data flow of one RL step"): sample groups → rollouts (with the
 * tool when configured) → rewards → filtering → advantages → updates → metrics → periodic
 * held-out evaluation → atomic checkpoints. The reference model exists only when KL is on, the
 * critic only when the estimator needs values; value pretraining (VC-PPO) trains the critic on the
 * fixed initial policy's rollouts before the first step. Seeded: the same configuration and seed
 * give the same run; a stopped run resumes from its newest checkpoint with the same prompts and
 * sampling streams.
 *
 * <p>Every step logs methods.md's metrics and retool.md's tool statistics to {@code metrics.jsonl},
 * with where the time went: generation and the model's passes versus everything else
 * ({@code perf/outside_model_fraction}, which should stay under 10%).
 */
public final class RlTrainer {
    public static final String METRICS_FILE = "metrics.jsonl";
    public static final String MODEL_DIR = "model";
    static final String ACTOR = "actor", CRITIC = "critic", REFERENCE = "reference";

    /**
     * What a finished run reports.
     *
     * @param steps       RL steps done in all (resumed runs included)
     * @param evaluations every held-out evaluation, the first before RL
     * @param modelDir    the trained policy as a Hugging Face directory
     * @param wallSeconds time spent in the run, over all its sessions
     * @param lastMetrics the last step's metrics
     */
    public record Result(long steps, List<EvaluationResult> evaluations, Path modelDir, double wallSeconds, Map<String, Double> lastMetrics) {
        public Optional<EvaluationResult> first() {
            return evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.getFirst());
        }

        public Optional<EvaluationResult> last() {
            return evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.getLast());
        }
    }

    private final RlRunOptions o;
    private final RlConfig c;
    private final PrintStream out;

    public RlTrainer(RlRunOptions options) {
        this.o = options;
        this.c = options.config();
        this.out = options.progress();
        if (c.sampling().temperature() == 0) {
            throw ConfigValueException.named("sampling.temperature", "is 0 (greedy): RL needs sampled responses; allowed: a number > 0");
        }
    }

    public Result run() {
        try (ModelDirectory model = ModelDirectory.open(o.model())) {
            Tokenizer tokenizer = model.tokenizer().orElseThrow(() -> new ModelFormatException(
                    "the model in " + o.model() + " has no tokenizer.json; RL prompts are text and need one"));
            ChatTemplate template = tokenizer.chatTemplate().orElseThrow(() -> new ModelFormatException(
                    "the model in " + o.model() + " has no chat template; RL prompts are chat messages and need one"));
            return train(model, tokenizer, template);
        }
    }

    private Result train(ModelDirectory model, Tokenizer tokenizer, ChatTemplate template) {
        long started = System.nanoTime();
        ModelConfig mc = model.config();
        boolean tools = c.sampling().tools().equals("python");
        ToolFormat format = toolFormat(template, tools);
        // with chat tool calls the prompt lists the tool, as the chat template renders a request with tools
        Map<String, ?> promptVariables = format instanceof ChatToolFormat chat ? chat.variables() : Map.of();
        Prompts train = Prompts.render(o.train(), template, tokenizer, promptVariables), eval = Prompts.render(o.eval(), template, tokenizer, promptVariables);
        int maxSequence = Math.max(train.maxLength(), eval.maxLength()) + c.sampling().maxResponseLength();
        if (maxSequence > mc.maxPositionEmbeddings()) {
            throw ConfigValueException.named("sampling.max_response_length", "is " + c.sampling().maxResponseLength() + "; with prompts of up to "
                    + Math.max(train.maxLength(), eval.maxLength()) + " tokens that exceeds the model's context of " + mc.maxPositionEmbeddings());
        }
        State s = State.start(o, model, c);
        int micro = c.training().microBatchRows();
        double temperature = c.sampling().temperature();
        TrainedModel actor = new TrainedModel(ACTOR, s.actorLayout, s.actor, s.actorOptimizer, micro, maxSequence, temperature);
        TrainedModel critic = c.needsCritic()
                ? new TrainedModel(CRITIC, s.criticLayout, s.critic, s.criticOptimizer, micro, maxSequence, temperature) : null;
        TrainedModel reference = c.needsReference()
                ? new TrainedModel(REFERENCE, s.actorLayout, s.reference, null, micro, maxSequence, temperature) : null;

        // The rollout engine reads the actor's parameters in place: each step samples from the updated policy.
        LocalEngine engine = new LocalEngine(new Decoder(s.actorLayout.weightsOver(s.actor)), tokenizer);
        BudgetForcing budget = c.budgetForcing().budget();
        RolloutOptions rolloutOptions = new RolloutOptions(
                new SamplingParams(temperature, c.sampling().topP(), 0, c.sampling().maxResponseLength(), 0, model.stopTokenIds(), List.of()),
                c.sampling().maxResponseLength(), format, c.sampling().maxToolCalls(), c.sampling().maxOutputChars(), budget);
        Rollout rollout = new Rollout(engine, tokenizer, tools ? o.tool() : null, rolloutOptions);
        EvaluationConfig ec = c.evaluation();
        SamplingParams evalSampling = ec.temperature() == 0
                ? SamplingParams.greedy(c.sampling().maxResponseLength()).withStops(model.stopTokenIds(), List.of())
                : new SamplingParams(ec.temperature(), ec.topP(), 0, c.sampling().maxResponseLength(), 0, model.stopTokenIds(), List.of());
        Rollout evalRollout = new Rollout(engine, tokenizer, tools ? o.tool() : null,
                new RolloutOptions(evalSampling, c.sampling().maxResponseLength(), format, c.sampling().maxToolCalls(), c.sampling().maxOutputChars(),
                        budget));
        HeldOutEvaluation evaluation = o.eval().isEmpty() ? null
                : new HeldOutEvaluation(evalRollout, tokenizer, o.eval(), eval.texts(), eval.ids(), o.reward(), ec.samples(), c.training().seed());
        ExperienceCollector collector = new ExperienceCollector(rollout, tokenizer, o.train(), train.texts(), train.ids(), o.reward(), c);
        SftMixing sft = sftMixing(tokenizer, mc, maxSequence, s.sftCursor);
        s.sft = sft;
        PolicyUpdate update = new PolicyUpdate(c, actor, critic, sft);
        PromptOrder order = new PromptOrder(o.train().size(), c.training().seed(), s.cursor);
        CheckpointStore store = new CheckpointStore(o.out(), c.checkpoint().keep());
        long totalSteps = c.training().steps();

        out.printf("RL on %d training problems (%d held out), preset %s: %s advantages, %s loss, %d steps of %d prompts × %d responses%s%n",
                o.train().size(), o.eval().size(), c.preset(), c.advantage().estimator(), c.policyLoss().name(), totalSteps,
                c.sampling().promptsPerStep(), c.sampling().groupSize(), tools ? ", with the Python interpreter" : "");
        if (s.step > 0) out.printf("resuming from step %d in %s%n", s.step, o.out());
        Map<String, Double> last = Map.of();
        try (MetricsLog metrics = MetricsLog.resume(o.out().resolve(METRICS_FILE), s.step, c.tracking().tensorboard())) {
            if (s.step == 0 && critic != null && c.critic().pretrainSteps() > 0) pretrainCritic(s, collector, order, reference, critic, update, metrics);
            if (s.step == 0 && evaluation != null && s.evaluations.isEmpty()) evaluate(s, evaluation, metrics);
            while (s.step < totalSteps) {
                long stepStart = System.nanoTime();
                Experience e = collector.collect(s.step, order);
                s.cursor = order.cursor();
                Map<String, Double> m = new LinkedHashMap<>();
                double modelSeconds = e.sampling.seconds();
                if (e.size() == 0) {
                    out.printf("step %d: every group of %d rounds was all correct or all wrong (dynamic sampling): no update this step%n",
                            s.step + 1, e.sampling.rounds());
                } else {
                    long t0 = System.nanoTime();
                    score(e, reference, critic);
                    modelSeconds += (System.nanoTime() - t0) * 1e-9;
                    advantages(e, s, m, true);
                    long t1 = System.nanoTime();
                    m.putAll(update.run(e, s.step, s.kl.beta(), true));
                    modelSeconds += (System.nanoTime() - t1) * 1e-9;
                    m.put("perf/training_tokens_per_s", trainedTokens(e, critic != null, reference != null) / ((System.nanoTime() - t0) * 1e-9));
                }
                s.step++;
                generationMetrics(e, m);
                s.monitor.recordStep(s.step, m.get("reward/generated_mean"));
                if (e.size() > 0 && c.sampling().dynamicSampling() && e.groupCount() < c.sampling().promptsPerStep()) {
                    out.printf("step %d: dynamic sampling stopped after %d rounds with %d of %d informative groups; training on those%n",
                            s.step, e.sampling.rounds(), e.groupCount(), c.sampling().promptsPerStep());
                }
                double stepSeconds = (System.nanoTime() - stepStart) * 1e-9;
                m.put("perf/step_s", stepSeconds);
                m.put("perf/model_s", modelSeconds);
                m.put("perf/outside_model_s", stepSeconds - modelSeconds);
                m.put("perf/outside_model_fraction", (stepSeconds - modelSeconds) / stepSeconds);
                boolean lastStep = s.step == totalSteps;
                write(metrics, s.step, m);
                out.println(progressLine(s.step, totalSteps, m, started));
                last = m;
                if (evaluation != null && (lastStep || (ec.every() > 0 && s.step % ec.every() == 0))) evaluate(s, evaluation, metrics);
                if (lastStep || s.step % c.checkpoint().every() == 0) store.save(s.checkpoint(critic != null, reference != null));
            }
        }
        Path modelDir = o.out().resolve(MODEL_DIR);
        ModelExport.write(modelDir, s.actorLayout, s.actor, o.model(), DType.F32, true);
        out.printf("saved the trained policy to %s%n", modelDir);
        return new Result(s.step, List.copyOf(s.evaluations), modelDir, s.totalSeconds(), last);
    }

    /** The SFT dataset mixed into the actor's updates ({@code training.sft_data}), or null. */
    private SftMixing sftMixing(Tokenizer tokenizer, ModelConfig mc, int maxSequence, long cursor) {
        TrainingConfig t = c.training();
        if (t.sftData().isEmpty() || t.sftCoef() == 0) return null;
        SftDataset data = SftDataset.read(Path.of(t.sftData()), tokenizer, SftReadOptions.DEFAULTS.withVocabSize(mc.vocabSize()));
        SftMixing mixing = new SftMixing(data, maxSequence, t.sftRows(), t.sftCoef(), t.seed(), cursor);
        out.printf("SFT mixing: %d examples of %s, %d per actor update, γ %s%s%n", data.size(), t.sftData(), t.sftRows(), t.sftCoef(),
                mixing.truncated > 0 ? " (" + mixing.truncated + " cut to " + maxSequence + " tokens, the trainer's sequence limit)" : "");
        return mixing;
    }

    /** How tool calls and results are written ({@code sampling.tool_format}). */
    private ToolFormat toolFormat(ChatTemplate template, boolean tools) {
        return switch (c.sampling().toolFormat()) {
            case "fenced" -> InlineToolFormat.FENCED;
            case "hermes" -> {
                try {
                    yield ChatToolFormat.hermes(template, tools ? Map.of("tools", ChatToolFormat.toolDefinitions(o.tool())) : Map.of()).checked();
                } catch (RuntimeException e) {
                    throw ConfigValueException.named("sampling.tool_format", "is hermes, but the chat template of " + o.model()
                            + " does not render tool calls and tool results (" + e.getMessage() + "); allowed: xml or fenced with this model");
                }
            }
            default -> InlineToolFormat.XML;
        };
    }

    /** Reference log-probs and critic values of every response, before any update of the step. */
    private void score(Experience e, TrainedModel reference, TrainedModel critic) {
        e.behaviourLogProbs = new float[e.size()][];
        e.mask = new float[e.size()][];
        for (int i = 0; i < e.size(); i++) {
            Trajectory t = e.trajectories.get(i);
            e.behaviourLogProbs[i] = t.logprobs().clone();
            e.mask[i] = new float[t.lossMask().length];
            // DAPO's overlong filtering: a response cut at the length limit says nothing by its reward.
            boolean filtered = RewardShaping.filteredAsOverlong(t.finishReason() == RolloutFinish.LENGTH, c.reward().overlongFilter());
            if (!filtered) for (int k = 0; k < e.mask[i].length; k++) e.mask[i][k] = t.lossMask()[k];
        }
        if (reference != null) e.referenceLogProbs = reference.scoreAll(e.trajectories, false);
        if (critic != null) e.values = critic.scoreAll(e.trajectories, true);
    }

    /**
     * Reward shaping, KL in the reward, then the configured estimator (and whitening). {@code learn}
     * false (value pretraining) leaves the reward normaliser's statistics and the KL controller as they are.
     */
    private void advantages(Experience e, State s, Map<String, Double> m, boolean learn) {
        double[] scores = e.rewards.clone();
        if (c.reward().normalize()) {
            scores = learn ? s.normalizer.normalize(scores, c.advantage().epsilon()) : s.normalizer.normalizeFrozen(scores, c.advantage().epsilon());
        }
        for (int i = 0; i < scores.length; i++) scores[i] = RewardShaping.clip(scores[i], c.reward().clip());
        float[][] tokenRewards = TokenRewards.outcome(e.mask, scores);
        if (e.referenceLogProbs != null) {
            float[][] kl = KlEstimator.of(c.kl().estimator()).values(e.behaviourLogProbs, e.referenceLogProbs, e.mask);
            double meanKl = meanPerResponse(kl, e.mask);
            m.put("actor/reference_kl", meanKl);
            if (c.kl().placement().equals("reward")) {
                tokenRewards = TokenRewards.withKlPenalty(tokenRewards, kl, e.mask, s.kl.beta());
                // As verl: the outcome score a group estimator normalises is the sum of the penalised token rewards.
                scores = TokenRewards.withKlPenalty(scores, kl, e.mask, s.kl.beta());
                m.put("actor/kl_coef", s.kl.beta());
                if (learn) s.kl.update(meanKl, e.size());
            }
        }
        e.scores = scores;
        Advantages a = AdvantageComputation.compute(new AdvantageInputs(e.mask, tokenRewards, scores, e.groups, e.values), c.advantage());
        e.advantages = a.advantages();
        e.returns = a.returns();
        double n = 0, sum = 0, squares = 0;
        for (int i = 0; i < e.size(); i++) {
            for (int t = 0; t < e.mask[i].length; t++) {
                if (e.mask[i][t] <= 0) continue;
                n++;
                sum += e.advantages[i][t];
                squares += (double) e.advantages[i][t] * e.advantages[i][t];
            }
        }
        if (n > 0) {
            m.put("advantage/mean", sum / n);
            m.put("advantage/std", Math.sqrt(Math.max(0, squares / n - (sum / n) * (sum / n))));
        }
        if (e.values != null) m.put("critic/values_mean", maskedMean(e.values, e.mask));
        m.put("reward/mean", mean(e.rewards));
        m.put("reward/score_mean", mean(scores));
        e.components.forEach((name, values) -> m.put("reward/" + name + "/mean", mean(values)));
    }

    /**
     * VC-PPO's value pretraining: rollouts of the fixed initial policy, the critic trained alone on
     * their returns (λ_critic), logged as phase value_pretrain at step 0. Nothing else learns: the
     * actor takes no step, the reward normaliser and the KL controller see the rollouts without
     * updating. Stops after pretrain_steps, or earlier when the value loss plateaus ({@link ValueLossPlateau}).
     */
    private void pretrainCritic(State s, ExperienceCollector collector, PromptOrder order, TrainedModel reference, TrainedModel critic,
                                PolicyUpdate update, MetricsLog metrics) {
        int steps = c.critic().pretrainSteps();
        ValueLossPlateau plateau = new ValueLossPlateau(c.critic().pretrainPatience());
        out.printf("value pretraining: up to %d steps on the initial policy's rollouts%n", steps);
        for (int k = 1; k <= steps; k++) {
            Experience e = collector.collect(-k, order);
            s.cursor = order.cursor();
            if (e.size() == 0) {
                out.printf("value pretraining %d/%d: every group of %d rounds was all correct or all wrong (dynamic sampling): no update%n", k, steps,
                        e.sampling.rounds());
                continue;
            }
            score(e, reference, critic);
            Map<String, Double> m = new LinkedHashMap<>();
            advantages(e, s, m, false);
            m.putAll(update.run(e, -k, 0, false));
            boolean stop = plateau.record(m.getOrDefault("critic/value_loss", Double.NaN));
            m.put("critic/pretrain_step", (double) k);
            m.put("critic/pretrain_stopped", stop ? 1.0 : 0.0);
            ObjectNode r = MetricsLog.record(0).put("phase", "value_pretrain");
            m.forEach(r::put);
            metrics.write(r);
            if (stop || k == steps || k % 10 == 0) {
                out.printf(Locale.ROOT, "value pretraining %d/%d | value loss %.4f | explained variance %.3f%s%n", k, steps,
                        m.getOrDefault("critic/value_loss", Double.NaN), m.getOrDefault("critic/explained_variance", Double.NaN),
                        stop ? String.format(Locale.ROOT, " | stopped: the value loss has not fallen 1%% below its best (%.4f) in %d steps",
                                plateau.best(), c.critic().pretrainPatience()) : "");
            }
            if (stop) break;
        }
    }

    private void evaluate(State s, HeldOutEvaluation evaluation, MetricsLog metrics) {
        long t0 = System.nanoTime();
        EvaluationResult r = evaluation.run(s.step);
        s.evaluations.add(r);
        ObjectNode record = MetricsLog.record(s.step).put("phase", "eval");
        record.put("eval/accuracy", r.accuracy());
        record.put("eval/responses", r.responses());
        record.put("eval/response_length/mean", r.meanLength());
        r.toolMetrics().forEach((k, v) -> record.put("eval/" + k, v));
        Optional<RewardHackingMonitor.Verdict> hacking = s.monitor.check(s.evaluations);
        record.put("reward/hacking_suspected", 0.0);
        hacking.ifPresent(v -> v.metrics().forEach(record::put));
        record.put("perf/eval_s", (System.nanoTime() - t0) * 1e-9);
        metrics.write(record);
        out.printf(Locale.ROOT, "eval after step %d: accuracy %.3f on %d responses | length %.1f%s%n", s.step, r.accuracy(), r.responses(),
                r.meanLength(), r.toolMetrics().containsKey("tool/code_ratio")
                        ? String.format(Locale.ROOT, " | code ratio %.2f", r.toolMetrics().get("tool/code_ratio")) : "");
        hacking.filter(RewardHackingMonitor.Verdict::suspected).ifPresent(v -> out.println(v.warning()));
    }

    /** Response, filtering, tool and throughput metrics of everything the step generated. */
    private void generationMetrics(Experience e, Map<String, Double> m) {
        Experience.SamplingReport r = e.sampling;
        boolean[] correct = r.allCorrect();
        int n = r.all().size(), right = 0, clipped = 0, longest = 0;
        double length = 0;
        for (int i = 0; i < n; i++) {
            Trajectory t = r.all().get(i);
            if (correct[i]) right++;
            if (t.finishReason() == RolloutFinish.LENGTH) clipped++;
            length += t.responseIds().length;
            longest = Math.max(longest, t.responseIds().length);
        }
        m.put("train/accuracy", (double) right / Math.max(1, n));
        m.put("reward/generated_mean", r.allScores().stream().mapToDouble(ScoredResponse::reward).average().orElse(Double.NaN));
        m.putAll(RewardHackingMonitor.stepMetrics(r.all(), r.allScores()));
        m.put("response_length/mean", length / Math.max(1, n));
        m.put("response_length/max", (double) longest);
        m.put("response_length/clip_ratio", (double) clipped / Math.max(1, n));
        m.put("sampling/rounds", (double) r.rounds());
        m.put("sampling/groups", (double) r.groups());
        m.put("sampling/filtered_groups", (double) r.filteredGroups());
        m.put("sampling/filtered_fraction", (double) r.filteredGroups() / Math.max(1, r.groups()));
        m.put("sampling/trained_groups", (double) e.groupCount());
        m.putAll(ToolStatistics.of(r.all(), correct).asMetrics(""));
        m.put("perf/generation_s", r.seconds());
        m.put("perf/generation_tokens_per_s", r.sampledTokens() / r.seconds());
    }

    /** Tokens through the training passes of a step: reference and critic scoring, then actor (and critic) updates per epoch. */
    private long trainedTokens(Experience e, boolean critic, boolean reference) {
        long tokens = 0;
        for (Trajectory t : e.trajectories) tokens += t.promptIds().length + t.responseIds().length;
        int passes = c.training().ppoEpochs() * (critic ? 2 : 1) + (critic ? 1 : 0) + (reference ? 1 : 0);
        return tokens * passes;
    }

    private static void write(MetricsLog metrics, long step, Map<String, Double> m) {
        ObjectNode r = MetricsLog.record(step).put("phase", "train");
        m.forEach(r::put);
        metrics.write(r);
    }

    private String progressLine(long step, long total, Map<String, Double> m, long started) {
        double elapsed = (System.nanoTime() - started) * 1e-9;
        double perStep = m.get("perf/step_s");
        // the trained batch's reward, or (a step that dynamic sampling left without one) that of everything generated
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "step %d/%d | reward %.3f | acc %.3f | len %.0f", step, total,
                m.getOrDefault("reward/mean", m.get("reward/generated_mean")), m.get("train/accuracy"), m.get("response_length/mean")));
        if (m.containsKey("tool/code_ratio")) b.append(String.format(Locale.ROOT, " | code %.2f", m.get("tool/code_ratio")));
        if (m.containsKey("actor/entropy")) b.append(String.format(Locale.ROOT, " | entropy %.3f", m.get("actor/entropy")));
        b.append(String.format(Locale.ROOT, " | %,.0f tok/s | %.2f s/step | %s elapsed", m.get("perf/generation_tokens_per_s"), perStep,
                ProgressLine.duration(elapsed)));
        return b.toString();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    private static double maskedMean(float[][] v, float[][] mask) {
        double s = 0, n = 0;
        for (int i = 0; i < v.length; i++) for (int t = 0; t < v[i].length; t++) if (mask[i][t] > 0) {
            s += v[i][t];
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Mean over responses of the per-response KL sum (the "KL per sample" the adaptive controller targets). */
    private static double meanPerResponse(float[][] kl, float[][] mask) {
        double s = 0;
        for (int i = 0; i < kl.length; i++) for (int t = 0; t < kl[i].length; t++) if (mask[i][t] > 0) s += kl[i][t];
        return kl.length == 0 ? 0 : s / kl.length;
    }

    /** Prompts rendered with the chat template's generation prompt, as text and token ids. */
    record Prompts(List<String> texts, List<int[]> ids) {
        static Prompts render(List<PromptExample> problems, ChatTemplate template, Tokenizer tokenizer, Map<String, ?> variables) {
            List<String> texts = new ArrayList<>(problems.size());
            List<int[]> ids = new ArrayList<>(problems.size());
            for (PromptExample p : problems) {
                String text = template.render(p.prompt(), true, variables);
                texts.add(text);
                ids.add(tokenizer.encode(text, false));
            }
            return new Prompts(texts, ids);
        }

        int maxLength() {
            return ids.stream().mapToInt(a -> a.length).max().orElse(0);
        }
    }

    /** The run's mutable state, all of which a checkpoint carries. */
    private static final class State {
        ParameterLayout actorLayout, criticLayout;
        float[] actor, critic, reference;
        AdamW actorOptimizer, criticOptimizer;
        long step, cursor, sftCursor;
        SftMixing sft;
        KlController kl;
        RunningRewardNormalizer normalizer = new RunningRewardNormalizer();
        RewardHackingMonitor monitor = new RewardHackingMonitor(List.of(), 0);
        final List<EvaluationResult> evaluations = new ArrayList<>();
        /** Seconds spent by the sessions before this one (resumed runs), and when this one started. */
        double previousSeconds;
        final long sessionStart = System.nanoTime();

        double totalSeconds() {
            return previousSeconds + (System.nanoTime() - sessionStart) * 1e-9;
        }

        static State start(RlRunOptions o, ModelDirectory model, RlConfig c) {
            State s = new State();
            ModelConfig mc = model.config();
            s.actorLayout = ParameterLayout.of(mc, false);
            s.criticLayout = c.needsCritic() ? ParameterLayout.of(mc, true) : null;
            AdamW.Options adam = AdamW.Options.DEFAULTS.withWeightDecay(c.training().weightDecay());
            s.kl = KlController.of(c.kl());
            Optional<TrainingCheckpoint> resumed = o.resume() ? new CheckpointStore(o.out(), c.checkpoint().keep()).loadLatest() : Optional.empty();
            if (resumed.isPresent()) {
                s.restore(resumed.get(), o, c);
                return s;
            }
            s.actor = s.actorLayout.copyOf(model.decoder().weights());
            s.actorOptimizer = new AdamW(s.actorLayout, adam);
            if (c.needsReference()) s.reference = s.actor.clone();
            if (c.needsCritic()) {
                // The critic starts from the policy (verl's default critic path is the actor's) with a zero value head: V = 0.
                s.critic = new float[s.criticLayout.size()];
                for (ParameterLayout.Slot slot : s.actorLayout.slots()) {
                    System.arraycopy(s.actor, slot.offset(), s.critic, s.criticLayout.slot(slot.name()).offset(), slot.size());
                }
                s.criticOptimizer = new AdamW(s.criticLayout, AdamW.Options.DEFAULTS.withWeightDecay(c.training().weightDecay()));
            }
            return s;
        }

        private void restore(TrainingCheckpoint cp, RlRunOptions o, RlConfig c) {
            TrainingCheckpoint.Model a = model(cp, ACTOR, actorLayout, o);
            actor = a.parameters();
            actorOptimizer = a.optimizer();
            if (c.needsCritic()) {
                TrainingCheckpoint.Model m = model(cp, CRITIC, criticLayout, o);
                critic = m.parameters();
                criticOptimizer = m.optimizer();
            }
            if (c.needsReference()) reference = model(cp, REFERENCE, actorLayout, o).parameters();
            step = cp.globalStep();
            JsonNode t = cp.trainerState();
            cursor = t.path("prompt_cursor").asLong();
            sftCursor = t.path("sft_cursor").asLong();
            kl = KlController.restore(c.kl(), t.path("kl_coef").asDouble(c.kl().coef()));
            normalizer = RunningRewardNormalizer.restore(t.path("reward_count").asLong(), t.path("reward_mean").asDouble(),
                    t.path("reward_squares").asDouble());
            previousSeconds = t.path("wall_s").asDouble();
            List<Double> rewards = new ArrayList<>();
            for (JsonNode r : t.path("train_rewards")) rewards.add(r.isNumber() ? r.asDouble() : Double.NaN);
            monitor = new RewardHackingMonitor(rewards, step);
            for (JsonNode e : t.path("evaluations")) {
                Map<String, Double> tool = new LinkedHashMap<>();
                e.path("tool").properties().forEach(p -> tool.put(p.getKey(), p.getValue().asDouble()));
                evaluations.add(new EvaluationResult(e.path("step").asLong(), e.path("accuracy").asDouble(), e.path("responses").asInt(),
                        e.path("mean_length").asDouble(), tool));
            }
        }

        private static TrainingCheckpoint.Model model(TrainingCheckpoint cp, String name, ParameterLayout layout, RlRunOptions o) {
            TrainingCheckpoint.Model m;
            try {
                m = cp.model(name);
            } catch (RuntimeException e) {
                throw new ModelFormatException("the checkpoint at step " + cp.globalStep() + " in " + o.out() + " has no " + name
                        + " model; it belongs to a run with another configuration: use another output directory or start afresh");
            }
            if (!m.layout().config().equals(layout.config()) || m.layout().hasValueHead() != layout.hasValueHead()) {
                throw new ModelFormatException("the checkpoint at step " + cp.globalStep() + " in " + o.out()
                        + " belongs to a different model; use another output directory or start afresh");
            }
            return m;
        }

        TrainingCheckpoint checkpoint(boolean withCritic, boolean withReference) {
            ObjectNode t = JsonNodeFactory.instance.objectNode();
            t.put("prompt_cursor", cursor);
            t.put("sft_cursor", sft == null ? 0 : sft.cursor());
            t.put("kl_coef", kl.beta());
            t.put("reward_count", normalizer.count());
            t.put("reward_mean", normalizer.mean());
            t.put("reward_squares", normalizer.squares());
            t.put("wall_s", totalSeconds());
            ArrayNode rewards = t.putArray("train_rewards");
            for (double r : monitor.stepRewards()) {
                if (Double.isFinite(r)) rewards.add(r);
                else rewards.addNull();
            }
            ArrayNode evals = t.putArray("evaluations");
            for (EvaluationResult e : evaluations) {
                ObjectNode n = evals.addObject().put("step", e.step()).put("accuracy", e.accuracy()).put("responses", e.responses())
                        .put("mean_length", e.meanLength());
                ObjectNode tool = n.putObject("tool");
                e.toolMetrics().forEach(tool::put);
            }
            List<TrainingCheckpoint.Model> models = new ArrayList<>();
            models.add(new TrainingCheckpoint.Model(ACTOR, actorLayout, actor, actorOptimizer));
            if (withCritic) models.add(new TrainingCheckpoint.Model(CRITIC, criticLayout, critic, criticOptimizer));
            if (withReference) models.add(new TrainingCheckpoint.Model(REFERENCE, actorLayout, reference, null));
            return new TrainingCheckpoint(step, 0, t, models);
        }
    }
}
