package io.reason4j.rl;

import static org.assertj.core.api.Assertions.assertThat;

import io.reason4j.model.ModelConfig;
import io.reason4j.model.ParameterLayout;
import io.reason4j.model.TestModels;
import io.reason4j.model.TokenBatch;
import io.reason4j.model.TokenLossGradient;
import io.reason4j.model.TokenOutputs;
import io.reason4j.model.TrainableDecoder;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytic gradient of each policy loss (with KL in the loss, the entropy bonus, the
 * positive-example LM loss and the clipped value loss on top) through a tiny {@link
 * TrainableDecoder} with a value head, against central differences of the aggregated loss: perturb
 * one parameter, run the forward again, recompute the loss from the new log-probs, entropies and
 * values. Old log-probs, old values and advantages are fixed inputs set so that some tokens sit in
 * every clip region, away from the kinks.
 */
class PolicyLossGradientThroughModelTest {
    static final int ROWS = 3, LENGTH = 9, PROMPT = 3;
    static final int[] RESPONSE_LENGTHS = {6, 6, 4};

    static TokenBatch batch(int vocab) {
        SplittableRandom r = new SplittableRandom(17);
        int n = ROWS * LENGTH;
        int[] tokens = new int[n], positions = new int[n], targets = new int[n];
        float[] mask = new float[n];
        for (int row = 0; row < ROWS; row++) {
            int end = PROMPT + RESPONSE_LENGTHS[row]; // columns [end, LENGTH) are padding
            for (int c = 0; c < LENGTH; c++) {
                int t = row * LENGTH + c;
                tokens[t] = r.nextInt(vocab);
                positions[t] = c;
            }
            for (int c = 0; c < LENGTH; c++) {
                int t = row * LENGTH + c;
                targets[t] = c + 1 < end ? tokens[t + 1] : -1;
                mask[t] = c >= PROMPT - 1 && c + 1 < end ? 1 : 0;
            }
        }
        return new TokenBatch(ROWS, LENGTH, tokens, positions, targets, mask);
    }

    static ResponseLayout layout() {
        int[] offsets = IntStream.range(0, ROWS).map(i -> i * LENGTH + PROMPT - 1).toArray();
        return new ResponseLayout(offsets, RESPONSE_LENGTHS.clone(), ROWS * LENGTH);
    }

    /** Everything the loss reads besides the model's outputs: fixed per test. */
    record Fixed(float[][] mask, float[][] old, float[][] reference, float[][] advantages, float[][] oldValues, float[][] returns,
                 boolean[] positive) {}

    static Fixed fixed(float[][] logp, float[][] values) {
        float[][] mask = {{1, 1, 0, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {1, 1, 1, 1}}; // row 0: a tool-output token
        double[] logRatios = {-0.6, -0.1, 0.0, 0.1, 0.35, 1.5};
        double[] advantages = {1.3, -0.7, 0.4, -1.1, 0.9, -0.5, 0.2};
        float[][] old = new float[ROWS][], ref = new float[ROWS][], adv = new float[ROWS][], oldValues = new float[ROWS][], ret = new float[ROWS][];
        int k = 0;
        for (int i = 0; i < ROWS; i++) {
            int n = logp[i].length;
            old[i] = new float[n];
            ref[i] = new float[n];
            adv[i] = new float[n];
            oldValues[i] = new float[n];
            ret[i] = new float[n];
            for (int t = 0; t < n; t++, k++) {
                old[i][t] = (float) (logp[i][t] - logRatios[k % logRatios.length]);
                ref[i][t] = (float) (logp[i][t] + 0.3 * ((k % 5) - 2));
                adv[i][t] = (float) advantages[k % advantages.length];
                oldValues[i][t] = values[i][t] + (k % 3 == 0 ? 0.5f : k % 3 == 1 ? -0.05f : -0.6f);
                ret[i][t] = (float) ((k % 4) - 1.5);
            }
        }
        return new Fixed(mask, old, ref, adv, oldValues, ret, new boolean[] {true, false, true});
    }

    /** The whole actor + critic objective of one micro-batch (here the mini-batch), and its gradient with respect to the model's outputs. */
    record Objective(double loss, TokenLossGradient gradient) {}

    static Objective objective(TokenOutputs out, ResponseLayout layout, Fixed f, String lossName, LossAggregation mode) {
        float[][] logp = layout.gather(out.targetLogProbs()), entropy = layout.gather(out.entropies()), values = layout.gather(out.values());
        GlobalCounts counts = GlobalCounts.of(f.mask(), 8);
        float[][] w = mode.weights(f.mask(), counts), tokenMean = LossAggregation.TOKEN_MEAN.weights(f.mask(), counts);
        PolicyLossConfig c = PolicyLossConfig.clip(lossName, 0.2, 0.28, 3.0, mode.id());
        PolicyLossResult policy = PolicyLosses.of(lossName).compute(new PolicyLossInputs(logp, f.old(), f.advantages(), f.mask()), w, tokenMean, c);
        TokenTerm kl = KlPenalty.inLoss(KlEstimator.K3, 0.05, logp, f.reference(), w);
        TokenTerm bonus = EntropyBonus.of(0.02, entropy, w);
        TokenTerm lm = PositiveExampleLoss.of(0.1, logp, f.mask(), f.positive(), PositiveExampleLoss.positiveTokens(f.mask(), f.positive()));
        ValueLoss value = ValueLoss.of(values, f.oldValues(), f.returns(), 0.2, tokenMean, tokenMean);
        double loss = policy.loss() + kl.loss() + bonus.loss() + lm.loss() + value.loss();
        TokenLossGradient gradient = new TokenLossGradient(layout.scatter(policy.coefficients(), kl.coefficients(), lm.coefficients()),
                layout.scatter(bonus.coefficients()), null, null, layout.scatter(value.valueGradients()));
        return new Objective(loss, gradient);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ppo_clip, TOKEN_MEAN", "ppo_clip, SEQ_MEAN_TOKEN_MEAN", "gspo, SEQ_MEAN_TOKEN_MEAN", "gspo, TOKEN_MEAN",
            "reinforce, SEQ_MEAN_TOKEN_SUM", "ppo_clip, SEQ_MEAN_TOKEN_SUM_NORM"})
    void analyticGradientMatchesCentralDifferencesThroughTheModel(String lossName, LossAggregation mode) {
        ModelConfig config = TestModels.qwen2(16, 16, 1, 2, 1, 24, false);
        ParameterLayout parameterLayout = ParameterLayout.of(config, true);
        float[] parameters = parameterLayout.copyOf(TestModels.randomWeights(config, true, 5, Arena.ofAuto()));
        TokenBatch batch = batch(config.vocabSize());
        ResponseLayout layout = layout();
        TrainableDecoder decoder = new TrainableDecoder(parameterLayout, parameters, batch.size());

        TokenOutputs out = decoder.forward(batch);
        Fixed f = fixed(layout.gather(out.targetLogProbs()), layout.gather(out.values()));
        Objective at = objective(out, layout, f, lossName, mode);
        decoder.zeroGradients();
        decoder.backward(at.gradient());
        float[] analytic = decoder.gradients().clone();

        // the 12 largest analytic derivatives and 12 random parameters
        List<Integer> indices = new ArrayList<>(IntStream.range(0, parameters.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(analytic[i]))).limit(12).toList());
        SplittableRandom r = new SplittableRandom(23);
        for (int i = 0; i < 12; i++) indices.add(r.nextInt(parameters.length));
        double scale = Math.abs(analytic[indices.get(0)]);
        assertThat(scale).isGreaterThan(1e-2);
        double h = 2e-3;
        for (int index : indices) {
            float saved = parameters[index];
            parameters[index] = saved + (float) h;
            double plus = objective(decoder.forward(batch), layout, f, lossName, mode).loss();
            parameters[index] = saved - (float) h;
            double minus = objective(decoder.forward(batch), layout, f, lossName, mode).loss();
            parameters[index] = saved;
            double numeric = (plus - minus) / (((double) (saved + (float) h)) - ((double) (saved - (float) h)));
            assertThat((double) analytic[index]).as("%s %s: d loss / d parameter %d", lossName, mode, index)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-2 * Math.abs(numeric) + 2e-3 * scale));
        }
    }
}
