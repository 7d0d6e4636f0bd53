package io.reason4j.reward;

import java.util.IdentityHashMap;
import java.util.Map;

/** A sample while it is being scored: components that need the verdict share one verification. */
public final class RewardContext {
    private final RewardSample sample;
    private final Map<AnswerVerifier, VerificationResult> verifications = new IdentityHashMap<>();

    public RewardContext(RewardSample sample) {
        this.sample = sample;
    }

    public RewardSample sample() {
        return sample;
    }

    /** The verifier's verdict on this sample, computed once however many components ask. */
    public VerificationResult verification(AnswerVerifier verifier) {
        return verifications.computeIfAbsent(verifier, v -> v.verify(sample.reference(), sample.response(), sample.prompt()));
    }
}
