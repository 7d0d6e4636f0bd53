package io.reason4j.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.reason4j.data.task.ReasoningTask;
import io.reason4j.data.task.TaskOptionException;
import io.reason4j.data.task.Tasks;
import io.reason4j.reward.VerifierSettings;
import io.reason4j.rl.RlConfig;
import io.reason4j.rl.RlConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a training recipe from YAML: the RL sections go to {@link RlConfigLoader} (layered on the
 * preset the file names), the sections {@code task}, {@code model} and {@code cold_start} are layered
 * over their defaults by the same code ({@link RlConfigLoader#layer}), so unknown keys, wrong types
 * and bad values are errors naming the file, line, key and what is allowed; the task checks its own
 * options.
 */
public final class RecipeLoader {
    private RecipeLoader() {}

    static final Set<String> SECTIONS = Set.of("task", "model", "cold_start");

    /** Writes the recipe sections for {@link #toYaml} (reading goes through {@link RlConfigLoader#layer}). */
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    /** The built-in recipe: preset {@code preset}, built-in task {@code task}, everything else at its default. */
    public static RecipeConfig defaults(String preset, String task) {
        RecipeConfig c = new RecipeConfig(RlConfigLoader.preset(preset), TaskSection.defaults().withName(task), ModelSection.defaults(),
                ColdStartSection.defaults());
        checkTask(c.task(), "the command line", Map.of());
        return c;
    }

    public static RecipeConfig load(Path file) throws IOException {
        return parse(RlConfigLoader.read(file), file.toString());
    }

    /** As {@link #load} for text read from {@code source}. */
    public static RecipeConfig parse(String text, String source) {
        RlConfig rl = RlConfigLoader.parseLayered(text, source, SECTIONS);
        Map<String, Integer> lines = RlConfigLoader.keyLines(text, source);
        ObjectNode tree = RlConfigLoader.parse(text, source);
        TaskSection task = section(tree, "task", TaskSection.defaults(), TaskSection.class, source, lines);
        ModelSection model = section(tree, "model", ModelSection.defaults(), ModelSection.class, source, lines);
        ColdStartSection coldStart = section(tree, "cold_start", ColdStartSection.defaults(), ColdStartSection.class, source, lines);
        ReasoningTask builtIn = checkTask(task, source, lines);
        if (builtIn != null && !builtIn.comparesDecimals() && rl.reward().floatRounding() != VerifierSettings.DEFAULT_FLOAT_ROUNDING) {
            throw RlConfigLoader.error(source, lines, "reward.float_rounding", "is " + rl.reward().floatRounding() + ", but the "
                    + task.name() + " task's answers have no decimals, so it would have no effect; remove it");
        }
        RecipeConfig recipe = new RecipeConfig(rl, task, model, coldStart);
        boolean heldOut = task.evalProblems() > 0 || (task.name().equals("file") && !task.evalFile().isEmpty());
        if (!heldOut && tree.get("evaluation") instanceof ObjectNode evaluation && !evaluation.isEmpty()) {
            String key = "evaluation." + evaluation.fieldNames().next();
            throw RlConfigLoader.error(source, lines, key, "has no effect: task.eval_problems is 0, so nothing is held out to evaluate on; "
                    + "set eval_problems > 0" + (task.name().equals("file") ? " or task.eval_file" : ""));
        }
        for (String name : SECTIONS) {
            if (!(tree.get(name) instanceof ObjectNode section)) continue;
            for (Map.Entry<String, JsonNode> e : section.properties()) {
                String key = name + "." + e.getKey();
                Optional<String> inert = RecipeApplicability.whyInert(recipe, key);
                if (inert.isPresent()) throw RlConfigLoader.error(source, lines, key, inert.get());
            }
        }
        if (recipe.coldStartTraces().equals("code") && rl.sampling().toolFormat().equals("hermes")) {
            throw RlConfigLoader.error(source, lines, "sampling.tool_format", "is hermes, but the cold start's code traces are written inline "
                    + "(<code>/<interpreter> or ```python/```output) and the tiny model's template has no tool turns; allowed: xml or fenced, "
                    + "or hermes with model.path set to a model whose chat template renders tool calls (and cold_start.traces: none)");
        }
        if (task.name().equals("file") && !recipe.coldStartTraces().equals("none")) {
            throw RlConfigLoader.error(source, lines, "cold_start.traces", "gives " + recipe.coldStartTraces() + " traces, but traces come from a "
                    + "built-in task's worked solutions and task.name is file; allowed: none (or auto with model.path set to the model to start RL from)");
        }
        return recipe;
    }

    /** The whole recipe as YAML, every key that applies shown: the RL sections, then the recipe's. */
    public static String toYaml(RecipeConfig c) {
        try {
            ObjectNode recipe = MAPPER.createObjectNode();
            ObjectNode task = MAPPER.valueToTree(c.task());
            if (Tasks.names().contains(c.task().name())) {
                // every option shown: the task's defaults, then what the recipe sets
                Map<String, Object> options = new LinkedHashMap<>(Tasks.defaults(c.task().name()));
                options.putAll(c.task().options());
                task.set("options", MAPPER.valueToTree(options));
            }
            recipe.set("task", task);
            recipe.set("model", MAPPER.valueToTree(c.model()));
            recipe.set("cold_start", MAPPER.valueToTree(c.coldStart()));
            for (String name : SECTIONS) {
                ((ObjectNode) recipe.get(name)).properties().removeIf(e -> RecipeApplicability.whyInert(c, name + "." + e.getKey()).isPresent());
            }
            return RlConfigLoader.toYaml(c.rl()) + MAPPER.writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T section(ObjectNode tree, String name, T defaults, Class<T> type, String source, Map<String, Integer> lines) {
        return RlConfigLoader.layer(tree.get(name), defaults, type, name + ".", source, lines);
    }

    /** The built-in task the section makes (null for task name file), or an error naming the key. */
    private static ReasoningTask checkTask(TaskSection task, String source, Map<String, Integer> lines) {
        if (task.name().equals("file")) {
            if (task.trainFile().isEmpty()) throw RlConfigLoader.error(source, lines, "task.train_file", "is empty; task name 'file' reads its problems from it");
            return null;
        }
        if (!Tasks.names().contains(task.name())) {
            throw RlConfigLoader.error(source, lines, "task.name", "is '" + task.name() + "'; allowed values: " + String.join(", ", Tasks.names()) + ", file");
        }
        try {
            return Tasks.create(task.name(), new LinkedHashMap<>(task.options()));
        } catch (TaskOptionException e) {
            String option = e.key().substring(e.key().lastIndexOf('.') + 1);
            throw RlConfigLoader.error(source, lines, "task.options." + option, e.getMessage().substring(e.key().length() + 2));
        }
    }
}
