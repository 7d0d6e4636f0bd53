package io.reason4j.rollout;

import io.reason4j.tool.ToolStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analysis metrics of retool.md over a set of trajectories (interim; see the datasets branch). */
public record ToolStatistics(double codeRatio, double callsPerResponse, double passRate) {

    public static ToolStatistics of(List<Trajectory> trajectories, boolean[] correct) {
        int n = trajectories.size(), withCalls = 0, calls = 0, ok = 0;
        for (Trajectory t : trajectories) {
            if (!t.toolCalls().isEmpty()) withCalls++;
            for (ToolCallRecord c : t.toolCalls()) {
                calls++;
                if (c.status() == ToolStatus.OK) ok++;
            }
        }
        return new ToolStatistics((double) withCalls / Math.max(1, n), (double) calls / Math.max(1, n), calls == 0 ? Double.NaN : (double) ok / calls);
    }

    public Map<String, Double> asMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("tool/code_ratio", codeRatio);
        m.put("tool/calls_per_response", callsPerResponse);
        if (!Double.isNaN(passRate)) m.put("tool/pass_rate", passRate);
        return m;
    }
}
