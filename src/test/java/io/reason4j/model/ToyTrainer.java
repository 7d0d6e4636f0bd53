package io.reason4j.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.foreign.Arena;
import java.util.List;

/**
 * A stand-in for a PPO trainer, for checkpoint tests: a policy and a critic (with a value head),
 * each with its own AdamW, a cosine schedule, clipping, and gradients drawn from the trainer's
 * saved random generator, so that anything a checkpoint fails to restore changes the result.
 */
final class ToyTrainer {
    static final ModelConfig POLICY = TestModels.qwen2(37, 24, 1, 4, 2, 28, false);
    static final ModelConfig CRITIC = TestModels.llama(37, 24, 1, 4, 2, 6, 28, true, null);
    static final LearningRateSchedule SCHEDULE = LearningRateSchedule.named("cosine", 1e-2, 2, 10, 0.1);

    final TrainingCheckpoint.Model policy;
    final TrainingCheckpoint.Model critic;
    final SplitMix64 random;
    long step;
    ObjectNode state;

    private ToyTrainer(TrainingCheckpoint.Model policy, TrainingCheckpoint.Model critic, SplitMix64 random, long step,
                       ObjectNode state) {
        this.policy = policy;
        this.critic = critic;
        this.random = random;
        this.step = step;
        this.state = state;
    }

    static ToyTrainer fresh(long seed) {
        Arena arena = Arena.ofAuto();
        ParameterLayout p = ParameterLayout.of(POLICY, false), c = ParameterLayout.of(CRITIC, true);
        float[] policyParams = p.copyOf(TestModels.randomWeights(POLICY, false, seed, arena));
        float[] criticParams = c.copyOf(TestModels.randomWeights(CRITIC, true, seed + 1, arena));
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("cursor", 0);
        state.putArray("losses");
        return new ToyTrainer(new TrainingCheckpoint.Model("policy", p, policyParams, new AdamW(p, AdamW.Options.DEFAULTS)),
                new TrainingCheckpoint.Model("critic", c, criticParams,
                        new AdamW(c, new AdamW.Options(0.9, 0.95, 1e-6, 0.0, false))),
                new SplitMix64(seed), 0, state);
    }

    static ToyTrainer resume(TrainingCheckpoint checkpoint) {
        return new ToyTrainer(checkpoint.model("policy"), checkpoint.model("critic"), new SplitMix64(checkpoint.rngState()),
                checkpoint.globalStep(), checkpoint.trainerState());
    }

    void train(int steps) {
        for (int i = 0; i < steps; i++) {
            update(policy);
            update(critic);
            step++;
            state.put("cursor", state.get("cursor").asInt() + random.nextInt(5) + 1);
            state.withArray("losses").add(random.nextDouble());
        }
    }

    private void update(TrainingCheckpoint.Model m) {
        float[] theta = m.parameters();
        float[] grads = new float[theta.length];
        for (ParameterLayout.Slot s : m.layout().slots()) {
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                grads[i] = (float) (0.5 * theta[i] + random.nextGaussian());
            }
        }
        GradientClipping.clipByGlobalNorm(m.layout(), grads, 20.0);
        m.optimizer().step(theta, grads, SCHEDULE.lr(m.optimizer().steps()));
    }

    TrainingCheckpoint checkpoint() {
        return new TrainingCheckpoint(step, random.state(), state, List.of(policy, critic));
    }
}
