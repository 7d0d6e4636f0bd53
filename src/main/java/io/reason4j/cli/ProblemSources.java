package io.reason4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reason4j.data.PromptDataset;
import io.reason4j.data.PromptExample;
import io.reason4j.data.task.ReasoningTask;
import io.reason4j.data.task.Tasks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code eval} and {@code distill} read their problems: a dataset file, or a built-in task with its options. */
final class ProblemSources {
    /** Held-out problems of a task, as {@code reason4j train} holds out by default (task.eval_problems). */
    static final int TASK_HELD_OUT = 200;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ProblemSources() {}

    /** The first {@code limit} problems of a dataset file (all when null); task options do not apply to a file. */
    static List<PromptExample> fromFile(Path data, Map<String, String> taskOptions, Integer limit) {
        checkLimit(limit);
        if (!taskOptions.isEmpty()) throw new UserInputException("--task-option applies to --task, not --data");
        List<PromptExample> all = PromptDataset.read(data).examples();
        return limit == null ? all : all.subList(0, Math.min(limit, all.size()));
    }

    static void checkLimit(Integer limit) {
        if (limit != null && limit < 1) throw new UserInputException("--problems must be at least 1, got " + limit);
    }

    /** A built-in task with {@code --task-option key=value} options, each value read as YAML (3, true, "+-*"). */
    static ReasoningTask task(String name, Map<String, String> options) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) values.put(e.getKey(), YAML.readValue(e.getValue(), Object.class));
        return Tasks.create(name, values);
    }
}
