package io.reason4j.rl;

/**
 * The clipped surrogate of one token (or one sequence, for GSPO) with ratio ρ and advantage Â
 * (methods.md, "Policy losses"): {@code L = max(−Â ρ, −Â clip(ρ, 1 − ε_low, 1 + ε_high))}
 * (PPO, Schulman et al. 2017; clip-higher with ε_high > ε_low, DAPO, Yu et al. 2025), and for
 * Â < 0 with dual-clip c > 1 additionally {@code min(L, −Â c)} (Ye et al. 2020, verl).
 *
 * @param loss        L
 * @param dLossdRatio dL/dρ: −Â where the unclipped term is the one in force, 0 where a clip bites
 * @param clippedLow  Â < 0 and ρ < 1 − ε_low (the lower clip bites)
 * @param clippedHigh Â > 0 and ρ > 1 + ε_high (the upper clip bites)
 * @param clippedDual Â < 0 and the dual-clip cap −Â c bites
 */
record ClippedObjective(double loss, double dLossdRatio, boolean clippedLow, boolean clippedHigh, boolean clippedDual) {

    static ClippedObjective of(double advantage, double ratio, PolicyLossConfig c) {
        double unclipped = -advantage * ratio;
        double clipped = -advantage * Math.clamp(ratio, 1 - c.clipLow(), 1 + c.clipHigh());
        boolean clipBites = clipped > unclipped;
        double loss = clipBites ? clipped : unclipped;
        double gradient = clipBites ? 0 : -advantage;
        boolean dual = false;
        if (c.dualClip() > 0 && advantage < 0 && loss > -advantage * c.dualClip()) {
            loss = -advantage * c.dualClip();
            gradient = 0;
            dual = true;
        }
        return new ClippedObjective(loss, gradient, clipBites && advantage < 0, clipBites && advantage > 0, dual);
    }
}
