package io.reason4j.reward;

/** A comparison's verdict and the reason, in words a person reading a reward log understands. */
record Outcome(Verdict verdict, String reason) {
    static Outcome equivalent(String reason) {
        return new Outcome(Verdict.EQUIVALENT, reason);
    }

    static Outcome different(String reason) {
        return new Outcome(Verdict.NOT_EQUIVALENT, reason);
    }

    static Outcome undecided(String reason) {
        return new Outcome(Verdict.UNDECIDED, reason);
    }

    boolean isEquivalent() {
        return verdict == Verdict.EQUIVALENT;
    }
}
