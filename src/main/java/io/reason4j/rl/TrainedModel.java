package io.reason4j.rl;

import io.reason4j.model.AdamW;
import io.reason4j.model.GradientClipping;
import io.reason4j.model.ParameterLayout;
import io.reason4j.model.TokenLossGradient;
import io.reason4j.model.TokenOutputs;
import io.reason4j.model.TrainableDecoder;
import io.reason4j.rollout.Trajectory;
import java.util.List;

/**
 * One of the models of an RL run (the actor, the critic or the frozen reference): its flat
 * parameters, its optimizer (none for the reference) and a training decoder sized for a
 * micro-batch. The actor's parameters are also what the rollout engine reads, in place.
 */
final class TrainedModel {
    final String name;
    final ParameterLayout layout;
    final float[] parameters;
    final AdamW optimizer;
    final TrainableDecoder decoder;
    private final int microBatchRows;

    /**
     * @param optimizer   null for a frozen model
     * @param temperature the rollout temperature the log-probs are taken at
     */
    TrainedModel(String name, ParameterLayout layout, float[] parameters, AdamW optimizer, int microBatchRows, int maxSequenceLength,
                 double temperature) {
        this.name = name;
        this.layout = layout;
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.microBatchRows = microBatchRows;
        this.decoder = new TrainableDecoder(layout, parameters, PackedTrajectories.capacity(microBatchRows, maxSequenceLength));
        decoder.setTemperature(temperature);
    }

    /** The forward pass over some trajectories, and where each response token's outputs are. */
    Scored forward(List<Trajectory> trajectories) {
        PackedTrajectories packed = PackedTrajectories.of(trajectories);
        return new Scored(packed.layout(), decoder.forward(packed.batch()));
    }

    /** Forward and outputs of a micro-batch. */
    record Scored(ResponseLayout layout, TokenOutputs outputs) {
        float[][] logProbs() {
            return layout.gather(outputs.targetLogProbs());
        }

        float[][] entropies() {
            return layout.gather(outputs.entropies());
        }

        float[][] values() {
            return layout.gather(outputs.values());
        }
    }

    /** Per response token: the log-prob (or, with {@code values}, the value) of every trajectory, micro-batch by micro-batch. */
    float[][] scoreAll(List<Trajectory> trajectories, boolean values) {
        float[][] rows = new float[trajectories.size()][];
        for (int from = 0; from < trajectories.size(); from += microBatchRows) {
            int to = Math.min(trajectories.size(), from + microBatchRows);
            Scored s = forward(trajectories.subList(from, to));
            float[][] part = values ? s.values() : s.logProbs();
            System.arraycopy(part, 0, rows, from, part.length);
        }
        return rows;
    }

    void zeroGradients() {
        decoder.zeroGradients();
    }

    void backward(TokenLossGradient gradient) {
        decoder.backward(gradient);
    }

    /** Clips the accumulated gradient to {@code maxGradNorm} (0 = no clipping), takes an AdamW step; returns the norm before clipping. */
    double step(double lr, double maxGradNorm) {
        double norm = maxGradNorm > 0 ? GradientClipping.clipByGlobalNorm(layout, decoder.gradients(), maxGradNorm)
                : GradientClipping.globalNorm(decoder.gradients());
        optimizer.step(parameters, decoder.gradients(), lr);
        return norm;
    }
}
