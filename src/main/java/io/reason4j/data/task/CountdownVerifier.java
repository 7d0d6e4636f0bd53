package io.reason4j.data.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.reward.AnswerExtractor;
import io.reason4j.reward.AnswerPolicy;
import io.reason4j.reward.AnswerVerifier;
import io.reason4j.reward.Extraction;
import io.reason4j.reward.ExtractionRule;
import io.reason4j.reward.ExactRational;
import io.reason4j.reward.ResponseScrubber;
import io.reason4j.reward.Verdict;
import io.reason4j.reward.VerificationResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a countdown answer: the last {@code \boxed{}} expression must use only the given numbers,
 * each at most once (exactly once when the reference says {@code "use_all": true}), and evaluate
 * exactly (rationals) to the target. Many expressions are right, so the answer is evaluated rather
 * than compared with one solution. A trailing {@code = target} in the box is allowed.
 *
 * <p>The reference is JSON: {@code {"numbers": [25, 4, 3, 7], "target": 97, "use_all": true}}.
 * Tool output and restatements of the prompt are removed before the answer is looked for
 * ({@link ResponseScrubber}), so a policy cannot earn the reward by printing a box from code (as the
 * math verifier does, verification.md "Reward hacking"). The answer is found as the answer policy
 * says; under either policy the last box comes first.
 * Every failure is {@link Verdict#NOT_EQUIVALENT} with the reason: there is no judge to defer to.
 */
public final class CountdownVerifier implements AnswerVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AnswerExtractor extractor;

    public CountdownVerifier(AnswerPolicy policy) {
        this.extractor = AnswerExtractor.of(policy);
    }

    /** The reference answer of a countdown problem, as this verifier reads it. */
    public static String reference(List<Long> numbers, long target, boolean useAll) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("numbers", numbers);
        ref.put("target", target);
        ref.put("use_all", useAll);
        try {
            return JSON.writeValueAsString(ref);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers always serialise", e);
        }
    }

    @Override
    public VerificationResult verify(String reference, String response, String prompt) {
        JsonNode ref;
        try {
            ref = JSON.readTree(reference);
        } catch (JsonProcessingException e) {
            return fail(null, null, null, "reference: not JSON of numbers and target: " + e.getOriginalMessage());
        }
        if (ref == null || !ref.path("numbers").isArray() || !ref.path("target").isIntegralNumber()) {
            return fail(null, null, null, "reference: expected {\"numbers\": [...], \"target\": N}, got " + reference);
        }
        List<BigInteger> given = new ArrayList<>();
        for (JsonNode n : ref.path("numbers")) {
            if (!n.isIntegralNumber()) return fail(null, null, null, "reference: numbers must be integers, got " + n);
            given.add(n.bigIntegerValue());
        }
        BigInteger target = ref.path("target").bigIntegerValue();
        boolean useAll = ref.path("use_all").asBoolean(true);
        String gold = target.toString();

        Extraction found = extractor.extract(ResponseScrubber.scrub(response, prompt));
        if (!found.isPresent()) return fail(gold, null, null, found.problem());
        ExtractionRule rule = found.rule();
        String answer = found.answer().strip();
        String expression = answer;
        int eq = answer.indexOf('=');
        if (eq >= 0) {
            expression = answer.substring(0, eq);
            String stated = CountdownExpression.normalize(answer.substring(eq + 1));
            if (!stated.equals(gold)) return fail(gold, answer, rule, "the answer states '= " + stated + "', not the target " + gold);
        }
        CountdownExpression parsed;
        try {
            parsed = CountdownExpression.parse(expression);
        } catch (CountdownExpression.Unreadable e) {
            return fail(gold, answer, rule, "not a countdown expression: " + e.getMessage());
        }
        String misuse = misuse(given, parsed.numbers(), useAll);
        if (misuse != null) return fail(gold, answer, rule, misuse);
        if (!parsed.value().equals(ExactRational.of(target))) return fail(gold, answer, rule, "it evaluates to " + parsed.value() + ", not " + gold);
        return new VerificationResult(Verdict.EQUIVALENT, gold, answer, rule, rule.configName() + ": evaluates to " + gold + " with each number used "
                + (useAll ? "exactly once" : "at most once"));
    }

    /** Why the numbers written are not allowed, or null when they are. */
    private static String misuse(List<BigInteger> given, List<BigInteger> used, boolean useAll) {
        Map<BigInteger, Integer> left = new TreeMap<>();
        for (BigInteger n : given) left.merge(n, 1, Integer::sum);
        for (BigInteger n : used) {
            Integer count = left.get(n);
            if (count == null) {
                return given.contains(n) ? "it uses " + n + " more often than it is given (" + frequency(given, n) + ")"
                        : "it uses " + n + ", which is not one of the given numbers " + given;
            }
            if (count == 1) left.remove(n);
            else left.put(n, count - 1);
        }
        if (useAll && !left.isEmpty()) return "it does not use " + String.join(", ", left.keySet().stream().map(BigInteger::toString).toList())
                + " (each number must be used exactly once)";
        return null;
    }

    private static String frequency(List<BigInteger> given, BigInteger n) {
        long times = given.stream().filter(n::equals).count();
        return times == 1 ? "once" : times + " times";
    }

    private static VerificationResult fail(String gold, String pred, ExtractionRule rule, String reason) {
        return new VerificationResult(Verdict.NOT_EQUIVALENT, gold, pred, rule, rule == null ? reason : rule.configName() + ": " + reason);
    }
}
