package io.reason4j.rl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@link RlConfig} from YAML. A preset is a resource file holding every key; a user file
 * names its preset ({@code preset: grpo}, or none for {@link RlConfig#defaults()}) and overrides
 * some keys, section by section. Unknown keys, missing keys (in a preset), wrong types and bad
 * values are {@link ConfigValueException}s naming the file, line, dotted key and what is allowed.
 */
public final class RlConfigLoader {
    private RlConfigLoader() {}

    /** The built-in presets (methods.md, "Reported presets"). */
    public static final List<String> PRESETS = List.of("ppo", "grpo", "dr_grpo", "dapo", "vc_ppo", "vapo", "reinforce_pp", "rloo", "gspo", "retool");

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) // a key given twice is a mistake, not "the last one wins"
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** The built-in preset {@code name}, exactly as its file says (every key must be there). */
    public static RlConfig preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new ConfigValueException("preset", "'" + name + "' is not a preset; allowed values: " + String.join(", ", PRESETS));
        }
        String source = "preset " + name + " (io/reason4j/rl/presets/" + name + ".yaml)";
        String text = presetText(name);
        Map<String, Integer> lines = keyLines(text, source);
        ObjectNode tree = parse(text, source);
        return bind(tree, RlConfig.class, "", source, lines);
    }

    /** The YAML text of a built-in preset, comments included. */
    public static String presetText(String name) {
        try (InputStream in = RlConfigLoader.class.getResourceAsStream("presets/" + name + ".yaml")) {
            if (in == null) throw new IllegalStateException("preset resource missing: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user file layered on the preset it names (or on the defaults). */
    public static RlConfig load(Path file) throws IOException {
        return parseLayered(read(file), file.toString());
    }

    /** A configuration file's text; a missing file, a directory or an unreadable file is an error naming it. */
    public static String read(Path file) {
        if (Files.isDirectory(file)) throw new ConfigValueException("", file + " is a directory; expected a YAML file");
        if (!Files.exists(file)) throw new ConfigValueException("", file + ": no such file");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigValueException("", file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** As {@link #load} for text read from {@code source} (named in errors). */
    public static RlConfig parseLayered(String text, String source) {
        return parseLayered(text, source, Set.of());
    }

    /**
     * As {@link #parseLayered(String, String)} for a file that also holds sections read by someone
     * else (a training recipe's {@code task:}, {@code model:}, …): those top-level keys are skipped.
     */
    public static RlConfig parseLayered(String text, String source, Set<String> otherSections) {
        Map<String, Integer> lines = keyLines(text, source);
        ObjectNode user = parse(text, source);
        user.remove(otherSections);
        JsonNode presetNode = user.get("preset");
        String presetName = presetNode == null ? "none" : presetNode.asText();
        if (presetNode != null && !presetName.equals("none") && !PRESETS.contains(presetName)) {
            throw error(source, lines, "preset", "is '" + presetName + "'; allowed values: none, " + String.join(", ", PRESETS));
        }
        RlConfig base = presetName.equals("none") ? RlConfig.defaults() : preset(presetName);
        if (user.path("reward").path("terms") instanceof ArrayNode terms) {
            // a user's term written as {name: accuracy} takes weight 1 and no options (a preset writes both)
            for (JsonNode t : terms) {
                if (t instanceof ObjectNode term) {
                    if (!term.has("weight")) term.put("weight", 1.0);
                    if (!term.has("options")) term.putObject("options");
                }
            }
        }
        RlConfig config = layer(user, base, RlConfig.class, "", source, lines);
        for (String key : leafKeys(user, "")) {
            Optional<String> inert = ConfigApplicability.whyInert(config, key);
            if (inert.isPresent()) throw error(source, lines, key, inert.get());
        }
        return config;
    }

    /** The dotted keys of every value (not section) in the tree. */
    private static List<String> leafKeys(JsonNode tree, String prefix) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            String key = prefix + e.getKey();
            if (e.getValue().isObject() && !e.getValue().isEmpty()) keys.addAll(leafKeys(e.getValue(), key + "."));
            else keys.add(key);
        }
        return keys;
    }

    /** The configuration as YAML: every key that has an effect under its other settings ({@link ConfigApplicability}). */
    public static String toYaml(RlConfig config) {
        ObjectNode tree = MAPPER.valueToTree(config);
        removeInert(tree, "", config);
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration as YAML with every key, applicable or not (the form of a preset file). */
    static String fullYaml(RlConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void removeInert(ObjectNode tree, String prefix, RlConfig config) {
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (ConfigApplicability.whyInert(config, key).isPresent()) it.remove();
            else if (e.getValue() instanceof ObjectNode section && !section.isEmpty()) removeInert(section, key + ".", config);
        }
    }

    /** The YAML text as a tree (an empty file is an empty mapping); duplicate keys and bad syntax are errors naming the source. */
    public static ObjectNode parse(String text, String source) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode() || node.isNull()) return MAPPER.createObjectNode();
            if (!(node instanceof ObjectNode object)) throw new ConfigValueException("", source + ": expected a mapping of sections (advantage:, policy_loss:, …)");
            return object;
        } catch (JsonProcessingException e) {
            throw new ConfigValueException("", yamlError(source, e));
        }
    }

    /**
     * One line for a YAML syntax error: the file, the line and column of the problem, and the
     * problem itself (SnakeYAML's message is several lines: its context, the problem, and pictures of both).
     */
    private static String yamlError(String source, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) { // Jackson wraps SnakeYAML's exception
            if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                return source + ":" + (y.getProblemMark().getLine() + 1) + ":" + (y.getProblemMark().getColumn() + 1) + ": not valid YAML: "
                        + y.getProblem() + (y.getContext() == null ? "" : " (" + y.getContext() + ")");
            }
        }
        String first = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        return source + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr()) + ": not valid YAML: " + first;
    }

    /**
     * {@code user}'s keys layered over {@code base}'s values, bound to {@code type}: unknown keys, wrong
     * types and bad values are errors naming the source, the line and the key ({@code prefix} + its
     * path). An empty mapping in {@code base} is free-form (e.g. a task's options, checked by the task).
     */
    public static <T> T layer(JsonNode user, T base, Class<T> type, String prefix, String source, Map<String, Integer> lines) {
        ObjectNode merged = MAPPER.valueToTree(base);
        if (user != null && !user.isNull()) {
            if (!user.isObject()) throw error(source, lines, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1),
                    "is a section; allowed: a mapping of its keys");
            checkKeys(user, merged, prefix, source, lines);
            merge(merged, user);
        }
        return bind(merged, type, prefix, source, lines);
    }

    /** Every key of the user's tree must exist in the base tree, with a section where the base has one. */
    private static void checkKeys(JsonNode user, JsonNode base, String prefix, String source, Map<String, Integer> lines) {
        for (Iterator<Map.Entry<String, JsonNode>> it = user.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode known = base.get(e.getKey());
            if (known == null) {
                List<String> allowed = new ArrayList<>();
                base.fieldNames().forEachRemaining(allowed::add);
                throw error(source, lines, key, "is not a known key; allowed keys" + (prefix.isEmpty() ? "" : " in " + prefix.substring(0, prefix.length() - 1))
                        + ": " + String.join(", ", allowed));
            }
            if (known.isObject()) {
                if (!e.getValue().isObject()) throw error(source, lines, key, "is a section; allowed: a mapping of its keys");
                if (!known.isEmpty()) checkKeys(e.getValue(), known, key + ".", source, lines);
            } else if (known.isArray()) {
                if (!e.getValue().isArray()) throw error(source, lines, key, "takes a list");
            } else if (e.getValue().isContainerNode()) {
                throw error(source, lines, key, "takes a single value, not a " + (e.getValue().isArray() ? "list" : "mapping"));
            }
        }
    }

    private static void merge(ObjectNode base, JsonNode user) {
        for (Iterator<Map.Entry<String, JsonNode>> it = user.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (base.get(e.getKey()) instanceof ObjectNode section && e.getValue().isObject()) merge(section, e.getValue());
            else base.set(e.getKey(), e.getValue());
        }
    }

    private static <T> T bind(ObjectNode tree, Class<T> type, String prefix, String source, Map<String, Integer> lines) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            StringBuilder dotted = new StringBuilder(prefix);
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) dotted.append(dotted.isEmpty() || dotted.charAt(dotted.length() - 1) == '.' ? "" : ".").append(r.getFieldName());
                else if (r.getIndex() >= 0) dotted.append('[').append(r.getIndex()).append(']');
            }
            String path = dotted.toString();
            if (path.endsWith(".")) path = path.substring(0, path.length() - 1);
            if (e.getCause() instanceof ConfigValueException bad) {
                String key = path.isEmpty() ? bad.key() : path + "." + bad.key();
                throw error(source, lines, key, bad.getMessage());
            }
            String message = e.getOriginalMessage();
            if (message.contains("Missing required creator property")) {
                String missing = message.replaceAll("(?s).*property '([^']*)'.*", "$1");
                String key = path.isEmpty() ? missing : path + "." + missing;
                throw error(source, lines, key, "is missing; every key must be given");
            }
            Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            String expected = target == int.class || target == long.class ? "an integer"
                    : target == double.class ? "a number" : target == boolean.class ? "true or false" : target == String.class ? "text" : "another type";
            throw error(source, lines, path, "has the wrong type; allowed: " + expected);
        } catch (JsonProcessingException e) {
            throw error(source, lines, "", "not readable: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw error(source, lines, "", e.getMessage());
        }
    }

    /** An error naming the file, the key's line, the dotted key and what is allowed. */
    public static ConfigValueException error(String source, Map<String, Integer> lines, String key, String message) {
        Integer line = null;
        // a key inside a list (reward.terms[1].options.buffer) has no line of its own: the nearest enclosing key's
        for (String k = key; line == null && !k.isEmpty(); k = k.substring(0, Math.max(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('['))))) {
            line = lines.get(k);
        }
        String where = source + (line == null ? "" : ":" + line);
        return new ConfigValueException(key, where + ": " + (key.isEmpty() ? "" : "key '" + key + "' ") + message);
    }

    /** The line of every dotted key in the YAML text (for error messages). */
    public static Map<String, Integer> keyLines(String text, String source) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            Deque<String> sections = new ArrayDeque<>();
            String field = null;
            for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
                switch (token) {
                    case START_OBJECT -> {
                        sections.addLast(field == null ? "" : field);
                        field = null;
                    }
                    case END_OBJECT -> sections.pollLast();
                    case FIELD_NAME -> {
                        field = p.currentName();
                        StringBuilder key = new StringBuilder();
                        for (String s : sections) if (!s.isEmpty()) key.append(s).append('.');
                        lines.putIfAbsent(key + field, p.currentTokenLocation().getLineNr());
                    }
                    case START_ARRAY -> {
                        p.skipChildren();
                        field = null;
                    }
                    default -> field = null;
                }
            }
        } catch (JsonProcessingException e) {
            throw new ConfigValueException("", yamlError(source, e));
        } catch (IOException e) {
            throw new ConfigValueException("", source + ": not readable: " + e.getMessage());
        }
        return lines;
    }
}
