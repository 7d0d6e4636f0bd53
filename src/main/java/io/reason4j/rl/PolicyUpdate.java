package io.reason4j.rl;

import io.reason4j.model.LearningRateSchedule;
import io.reason4j.model.TokenLossGradient;
import io.reason4j.rollout.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Arrays;

/**
 * The update of one RL step (methods.md, "Off-policy updates"): {@code ppo_epochs} passes over the
 * step's experience, each split into mini-batches of {@code mini_batch_prompts} groups in a seeded
 * order; each mini-batch is one optimizer step of the actor (and of the critic when there is one),
 * its gradient accumulated over micro-batches of {@code micro_batch_rows} responses with every loss
 * normalised by the mini-batch's global counts ({@link GlobalCounts}).
 *
 * <p>π_old: the first mini-batch of the first epoch is exactly on-policy, so its old log-probs are
 * the current ones (ratio 1, as methods.md asks); later mini-batches use the rollout's behaviour
 * log-probs, computed by the same parameters before any update of this step. (verl recomputes them
 * with the training engine because its rollout engine differs numerically; ours agree to float
 * rounding, {@code BehaviourLogprobTest}; {@code actor/behaviour_logprob_diff} reports the largest
 * difference seen in the first mini-batch.)
 */
final class PolicyUpdate {
    private final RlConfig config;
    private final TrainedModel actor, critic;
    private final LearningRateSchedule actorLr, criticLr;
    private final PolicyLoss loss;
    private final LossAggregation aggregation;
    private final KlEstimator klEstimator;
    private final SftMixing sft;

    /** @param sft the SFT loss mixed into each actor update, or null */
    PolicyUpdate(RlConfig config, TrainedModel actor, TrainedModel critic, SftMixing sft) {
        this.config = config;
        this.actor = actor;
        this.critic = critic;
        this.sft = sft;
        TrainingConfig t = config.training();
        long perStep = (long) config.sampling().promptsPerStep() / t.miniBatchPrompts() * t.ppoEpochs(); // optimizer steps per RL step
        long warmup = t.warmupSteps() * perStep;
        this.actorLr = t.schedule(t.lr(), warmup, Math.max(1, t.steps() * perStep));
        // the critic also steps during value pretraining, before the actor's first update
        long criticSteps = config.needsCritic() ? config.critic().pretrainSteps() : 0;
        this.criticLr = t.schedule(config.critic().lr(), warmup, Math.max(1, (t.steps() + criticSteps) * perStep));
        this.loss = PolicyLosses.of(config.policyLoss().name());
        this.aggregation = LossAggregation.of(config.policyLoss().aggregation());
        this.klEstimator = KlEstimator.of(config.kl().estimator());
    }

    /** Trains on the experience; {@code klBeta} is β of KL in the loss. Returns the step's training metrics. */
    Map<String, Double> run(Experience e, long step, double klBeta, boolean trainActor) {
        MetricMeans m = new MetricMeans();
        int groups = e.groupCount(), perMiniBatch = config.training().miniBatchPrompts();
        Random order = new Random(config.training().seed() * 31 + step);
        for (int epoch = 0; epoch < config.training().ppoEpochs(); epoch++) {
            int[] shuffled = PromptOrder.permutation(groups, order);
            for (int from = 0; from < groups; from += perMiniBatch) {
                List<Integer> rows = new ArrayList<>();
                for (int k = from; k < Math.min(groups, from + perMiniBatch); k++) {
                    for (int i = 0; i < e.size(); i++) if (e.groups[i] == shuffled[k]) rows.add(i);
                }
                boolean onPolicy = epoch == 0 && from == 0;
                if (trainActor) actorStep(e, rows, onPolicy, klBeta, m);
                if (critic != null) criticStep(e, rows, m);
            }
        }
        return m.means();
    }

    private void actorStep(Experience e, List<Integer> rows, boolean onPolicy, double klBeta, MetricMeans m) {
        PolicyLossConfig pc = config.policyLoss();
        float[][] miniMask = select(e.mask, rows);
        GlobalCounts counts = GlobalCounts.of(miniMask, config.sampling().maxResponseLength());
        if (counts.tokens() == 0) return; // every response of the mini-batch is masked out (e.g. all overlong)
        boolean[] positive = PositiveExampleLoss.select(select(e.rewards, rows), pc.positiveLmThreshold()); // R before normalisation: the threshold is in reward units
        double positiveTokens = PositiveExampleLoss.positiveTokens(miniMask, positive);
        boolean klInLoss = config.kl().placement().equals("loss") && e.referenceLogProbs != null;
        double pgLoss = 0, klLoss = 0, entropy = 0, lmLoss = 0, clipLow = 0, clipHigh = 0, clipDual = 0, approxKl = 0, klValue = 0, diff = 0;
        actor.zeroGradients();
        int micro = config.training().microBatchRows();
        for (int from = 0; from < rows.size(); from += micro) {
            List<Integer> part = rows.subList(from, Math.min(rows.size(), from + micro));
            List<Trajectory> ts = new ArrayList<>();
            for (int i : part) ts.add(e.trajectories.get(i));
            TrainedModel.Scored s = actor.forward(ts);
            float[][] logp = s.logProbs(), ent = s.entropies(), mask = select(e.mask, part), adv = select(e.advantages, part);
            float[][] behaviour = select(e.behaviourLogProbs, part);
            if (onPolicy) diff = Math.max(diff, maxDifference(logp, behaviour, mask));
            float[][] old = onPolicy ? logp : behaviour;
            float[][] weights = aggregation.weights(mask, counts), tokenWeights = tokenWeights(mask, counts);
            PolicyLossResult pl = loss.compute(new PolicyLossInputs(logp, old, adv, mask), weights, tokenWeights, pc);
            List<float[][]> logProbTerms = new ArrayList<>();
            logProbTerms.add(pl.coefficients());
            pgLoss += pl.loss();
            clipLow += pl.clipLow();
            clipHigh += pl.clipHigh();
            clipDual += pl.clipDual();
            approxKl += pl.approxKl();
            entropy += TokenTerm.weightedSum(tokenWeights, ent);
            if (klInLoss) {
                float[][] ref = select(e.referenceLogProbs, part);
                TokenTerm kl = KlPenalty.inLoss(klEstimator, klBeta, logp, ref, weights);
                logProbTerms.add(kl.coefficients());
                klLoss += kl.loss();
                klValue += TokenTerm.weightedSum(tokenWeights, klEstimator.values(logp, ref, mask));
            }
            if (pc.positiveLmCoef() > 0) {
                TokenTerm lm = PositiveExampleLoss.of(pc.positiveLmCoef(), logp, mask, Arrays.copyOfRange(positive, from, from + part.size()), positiveTokens);
                logProbTerms.add(lm.coefficients());
                lmLoss += lm.loss();
            }
            float[] entropyCoefficients = null;
            if (pc.entropyCoef() != 0) entropyCoefficients = s.layout().scatter(EntropyBonus.of(pc.entropyCoef(), ent, weights).coefficients());
            actor.backward(new TokenLossGradient(s.layout().scatter(logProbTerms.toArray(float[][][]::new)), entropyCoefficients, null, null, null));
        }
        if (sft != null) m.add("actor/sft_loss", sftTerm(micro));
        double lr = actorLr.lr(actor.optimizer.steps());
        double gradNorm = actor.step(lr, config.training().maxGradNorm());
        m.add("actor/pg_loss", pgLoss);
        m.add("actor/entropy", entropy);
        m.add("actor/clip_ratio/low", clipLow);
        m.add("actor/clip_ratio/high", clipHigh);
        m.add("actor/clip_ratio/dual", clipDual);
        m.add("actor/approx_kl", approxKl);
        m.add("actor/grad_norm", gradNorm);
        m.add("actor/lr", lr);
        if (klInLoss) {
            m.add("actor/kl", klValue);
            m.add("actor/kl_loss", klLoss);
        }
        if (pc.positiveLmCoef() > 0) m.add("actor/positive_lm_loss", lmLoss);
        if (onPolicy) m.add("actor/behaviour_logprob_diff", diff);
    }

    /**
     * The mixed SFT loss's gradient, accumulated into the actor's (its examples' log-probs at
     * temperature 1: the data's own distribution, not the sampling temperature's). Returns the mean
     * NLL of the trainable tokens, unweighted.
     */
    private double sftTerm(int micro) {
        List<Trajectory> batch = sft.next();
        double tokens = 0, nll = 0;
        for (Trajectory t : batch) tokens += t.policyTokens();
        if (tokens == 0) return Double.NaN;
        actor.decoder.setTemperature(1.0);
        try {
            for (int from = 0; from < batch.size(); from += micro) {
                List<Trajectory> part = batch.subList(from, Math.min(batch.size(), from + micro));
                TrainedModel.Scored s = actor.forward(part);
                float[][] mask = new float[part.size()][];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = new float[part.get(i).lossMask().length];
                    for (int k = 0; k < mask[i].length; k++) mask[i][k] = part.get(i).lossMask()[k];
                }
                // the same masked NLL term as VAPO's positive-example loss, with every example positive
                boolean[] all = new boolean[part.size()];
                Arrays.fill(all, true);
                TokenTerm nllTerm = PositiveExampleLoss.of(sft.coef(), s.logProbs(), mask, all, tokens);
                nll += nllTerm.loss() / sft.coef(); // the loss is already the mean over the update's tokens
                actor.backward(new TokenLossGradient(s.layout().scatter(nllTerm.coefficients()), null, null, null, null));
            }
        } finally {
            actor.decoder.setTemperature(config.sampling().temperature());
        }
        return nll;
    }

    private void criticStep(Experience e, List<Integer> rows, MetricMeans m) {
        float[][] miniMask = select(e.mask, rows);
        GlobalCounts counts = GlobalCounts.of(miniMask, config.sampling().maxResponseLength());
        if (counts.tokens() == 0) return;
        double valueLoss = 0, clipFraction = 0;
        List<float[][]> predicted = new ArrayList<>();
        critic.zeroGradients();
        int micro = config.training().microBatchRows();
        for (int from = 0; from < rows.size(); from += micro) {
            List<Integer> part = rows.subList(from, Math.min(rows.size(), from + micro));
            List<Trajectory> ts = new ArrayList<>();
            for (int i : part) ts.add(e.trajectories.get(i));
            TrainedModel.Scored s = critic.forward(ts);
            float[][] values = s.values(), mask = select(e.mask, part);
            predicted.add(values);
            ValueLoss vl = ValueLoss.of(values, select(e.values, part), select(e.returns, part), config.critic().valueClip(),
                    aggregation.weights(mask, counts), tokenWeights(mask, counts));
            valueLoss += vl.loss();
            clipFraction += vl.clipFraction();
            critic.backward(new TokenLossGradient(new float[s.outputs().targetLogProbs().length], null, null, null,
                    s.layout().scatter(vl.valueGradients())));
        }
        double lr = criticLr.lr(critic.optimizer.steps());
        double gradNorm = critic.step(lr, config.training().maxGradNorm());
        float[][] values = predicted.stream().flatMap(Arrays::stream).toArray(float[][]::new);
        m.add("critic/value_loss", valueLoss);
        m.add("critic/clip_ratio", clipFraction);
        m.add("critic/grad_norm", gradNorm);
        m.add("critic/lr", lr);
        m.add("critic/explained_variance", ValueLoss.explainedVariance(values, select(e.returns, rows), miniMask));
    }

    /** m_{i,t} / (masked-in tokens of the mini-batch): the weights of token-mean metrics. */
    private static float[][] tokenWeights(float[][] mask, GlobalCounts counts) {
        float[][] w = new float[mask.length][];
        for (int i = 0; i < mask.length; i++) {
            w[i] = new float[mask[i].length];
            for (int t = 0; t < w[i].length; t++) w[i][t] = (float) (mask[i][t] / counts.tokens());
        }
        return w;
    }

    private static float maxDifference(float[][] a, float[][] b, float[][] mask) {
        float worst = 0;
        for (int i = 0; i < a.length; i++) for (int t = 0; t < a[i].length; t++) if (mask[i][t] > 0) worst = Math.max(worst, Math.abs(a[i][t] - b[i][t]));
        return worst;
    }

    static float[][] select(float[][] rows, List<Integer> which) {
        float[][] out = new float[which.size()][];
        for (int k = 0; k < out.length; k++) out[k] = rows[which.get(k)];
        return out;
    }

    static double[] select(double[] values, List<Integer> which) {
        double[] out = new double[which.size()];
        for (int k = 0; k < out.length; k++) out[k] = values[which.get(k)];
        return out;
    }
}
