package io.reason4j.rl;

/**
 * A policy loss over some rows of a mini-batch, already aggregated: {@code loss = Σ w L} and the
 * coefficients {@code a_{i,t} = d loss / d log π_θ(o_{i,t})} that {@link
 * io.reason4j.model.TokenLossGradient} takes (scatter them with {@link ResponseLayout}). The
 * metrics are token means over the mini-batch's masked-in tokens (each micro-batch's share, so they
 * add up across micro-batches like the loss).
 *
 * @param clipLow   fraction of tokens with Â < 0 whose ratio is clipped below, ρ < 1 − ε_low
 * @param clipHigh  fraction of tokens with Â > 0 whose ratio is clipped above, ρ > 1 + ε_high
 * @param clipDual  fraction of tokens with Â < 0 whose loss is capped by dual-clip, ρ > c
 * @param approxKl  approximate KL(π_old ‖ π_θ), the k3 estimator {@code ρ − 1 − log ρ} (Schulman 2020)
 */
public record PolicyLossResult(double loss, float[][] coefficients, double clipLow, double clipHigh, double clipDual, double approxKl) {}
