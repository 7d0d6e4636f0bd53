package io.reason4j.eval;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The evaluation settings papers report (test-time.md), so that a number computed here means what
 * the paper's does. Options given on the command line override a preset's.
 *
 * @param n           samples per problem
 * @param temperature sampling temperature
 * @param topP        nucleus sampling
 * @param maxTokens   response length limit
 */
public record EvalPreset(String name, int n, double temperature, double topP, int maxTokens, String source) {

    public static final List<EvalPreset> ALL = List.of(
            new EvalPreset("aime-avg32", 32, 1.0, 0.7, 16_384, "AIME avg@32 as DAPO, VAPO and ReTool report it"),
            new EvalPreset("r1", 64, 0.6, 0.95, 32_768, "DeepSeek-R1 / Open R1: pass@1 estimated with 64 samples"));

    public static EvalPreset named(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--preset: unknown preset '" + name + "'; known: " + ALL.stream().map(EvalPreset::name).collect(Collectors.joining(", "))));
    }

    public static String descriptions() {
        return Arrays.stream(ALL.toArray(EvalPreset[]::new))
                .map(p -> String.format("%s (n %d, T %s, top-p %s, %d tokens: %s)", p.name, p.n, p.temperature, p.topP, p.maxTokens, p.source))
                .collect(Collectors.joining("; "));
    }
}
