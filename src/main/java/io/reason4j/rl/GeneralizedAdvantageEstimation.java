package io.reason4j.rl;

/**
 * {@code gae}: generalized advantage estimation (Schulman et al. 2016), mask-aware, with the
 * decoupled λ of VC-PPO (Yuan et al. 2025: critic targets with λ_critic, advantages with
 * λ_actor) and the length-adaptive λ_actor of VAPO (Yue et al. 2025).
 *
 * <p>{@code δ_t = r_t + γ V_{t+1} − V_t}, {@code Â_t = δ_t + γλ Â_{t+1}}, where t+1 is the next
 * masked-in token: tokens with m = 0 (tool output, padding) are skipped, the recursion carrying V
 * and Â across them unchanged. After the last masked-in token V = 0 and Â = 0. Returns (the critic
 * targets) are {@code Â(λ_critic) + V}. Both are 0 on masked-out tokens.
 */
public final class GeneralizedAdvantageEstimation implements AdvantageEstimator {

    @Override
    public String name() {
        return "gae";
    }

    @Override
    public boolean needsCritic() {
        return true;
    }

    @Override
    public boolean whitensByDefault() {
        return true;
    }

    @Override
    public Advantages estimate(AdvantageInputs in, AdvantageConfig c) {
        if (in.values() == null) throw new IllegalArgumentException("gae needs the critic's values");
        int n = in.size();
        float[][] advantages = new float[n][], returns = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] r = in.tokenRewards()[i], v = in.values()[i], m = in.mask()[i];
            double lambdaActor = c.lengthAdaptiveAlpha() > 0 ? lengthAdaptiveLambda(maskedLength(m), c.lengthAdaptiveAlpha()) : c.lambda();
            advantages[i] = advantages(r, v, m, c.gamma(), lambdaActor);
            float[] critic = c.criticLambda() == lambdaActor ? advantages[i] : advantages(r, v, m, c.gamma(), c.criticLambda());
            returns[i] = new float[m.length];
            for (int t = 0; t < m.length; t++) if (m[t] > 0) returns[i][t] = critic[t] + v[t];
        }
        return new Advantages(advantages, returns);
    }

    /**
     * Â of one response. r, v and m have one entry per token; the result is 0 where m = 0.
     */
    public static float[] advantages(float[] r, float[] v, float[] m, double gamma, double lambda) {
        float[] a = new float[m.length];
        double nextValue = 0, next = 0;
        for (int t = m.length - 1; t >= 0; t--) {
            if (m[t] <= 0) continue; // skipped: V and Â carried across unchanged
            double delta = r[t] + gamma * nextValue - v[t];
            next = delta + gamma * lambda * next;
            nextValue = v[t];
            a[t] = (float) next;
        }
        return a;
    }

    /**
     * VAPO's λ_actor = 1 − 1/(α·|o|), clamped into [0, 1]: the formula is ≤ 0 for |o| ≤ 1/α (all
     * weight on the one-step TD error, λ = 0) and tends to 1 for long responses. |o| counts the
     * response's masked-in tokens (the ones the policy wrote; tool output is not the policy's length).
     */
    public static double lengthAdaptiveLambda(int length, double alpha) {
        if (length <= 0) return 0;
        return Math.clamp(1 - 1 / (alpha * length), 0.0, 1.0);
    }

    static int maskedLength(float[] m) {
        int n = 0;
        for (float x : m) if (x > 0) n++;
        return n;
    }
}
