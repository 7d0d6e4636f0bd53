package io.reason4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Everything a training run needs to continue bit for bit where it stopped: each model's
 * parameters, each optimizer's moments and step count, the trainer's random state, the global step
 * and a free-form JSON object for the trainer's own state (data cursor, metrics history).
 *
 * <p>On disk a checkpoint is a directory:
 * <pre>
 *   config.json, model.safetensors                 the first model (usually the policy), F32, HF names
 *   critic/config.json, critic/model.safetensors   every further model in a directory of its name
 *   optimizer.policy.exp_avg.safetensors           AdamW's m for model "policy", named like its parameters
 *   optimizer.policy.exp_avg_sq.safetensors        AdamW's v
 *   checkpoint.json                                steps, random state, optimizer settings, trainer
 *                                                  state, and the size and CRC-32C of every other file
 * </pre>
 * The first model's files make the directory loadable as a Hugging Face model (without a
 * tokenizer; {@link ModelExport} writes a complete one). {@link #write} is atomic (see
 * {@link AtomicDirectory}); {@link #read} checks every file against checkpoint.json, so a
 * missing, truncated or corrupted file is reported by name instead of resuming from wrong weights.
 *
 * @param globalStep the trainer's step counter (it may differ from the optimizers' step counts)
 * @param rngState the trainer's random state, e.g. {@link SplitMix64#state()}
 * @param trainerState free-form JSON the trainer restores itself from; an empty object if null. Numbers
 *     and strings come back exactly, except NaN and infinities, which Jackson writes as the strings
 *     {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}
 * @param models the models in a fixed order, the first stored at the top of the directory
 */
public record TrainingCheckpoint(long globalStep, long rngState, ObjectNode trainerState, List<Model> models) {

    /** The name of the manifest file; a directory without it is not a (complete) checkpoint. */
    public static final String MANIFEST = "checkpoint.json";
    static final String FORMAT = "reason4j training checkpoint";
    static final int FORMAT_VERSION = 1;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final int CRC_CHUNK_BYTES = 1 << 20;

    /**
     * One trained model and its optimizer. The arrays are shared, not copied: {@link #write} saves
     * them as they are, {@link #read} returns new ones that the trainer continues with.
     *
     * @param name lower-case letters, digits and underscores, e.g. {@code policy} or {@code critic}
     * @param optimizer the model's optimizer, or null for a model that is not trained (nothing is saved for it)
     */
    public record Model(String name, ParameterLayout layout, float[] parameters, AdamW optimizer) {
        public Model {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("checkpoint model name must be lower-case letters, digits and"
                        + " underscores, got '" + name + "'");
            }
            if (parameters.length != layout.size()) {
                throw new IllegalArgumentException("model '" + name + "': the parameter array has " + parameters.length
                        + " floats, the layout needs " + layout.size());
            }
            if (optimizer != null && (optimizer.layout().size() != layout.size()
                    || !optimizer.layout().config().equals(layout.config())
                    || optimizer.layout().hasValueHead() != layout.hasValueHead())) {
                throw new IllegalArgumentException("model '" + name + "': the optimizer was made for another layout");
            }
        }

        /** Decoder weights over the parameter array (views, not copies). */
        public DecoderWeights weights() {
            return layout.weightsOver(parameters);
        }
    }

    public TrainingCheckpoint {
        if (globalStep < 0) throw new IllegalArgumentException("global step must be >= 0, got " + globalStep);
        if (trainerState == null) trainerState = JsonNodeFactory.instance.objectNode();
        if (models == null || models.isEmpty()) throw new IllegalArgumentException("a checkpoint needs at least one model");
        models = List.copyOf(models);
        Set<String> names = new HashSet<>();
        for (Model m : models) {
            if (!names.add(m.name())) throw new IllegalArgumentException("two checkpoint models are named '" + m.name() + "'");
        }
    }

    /** The model of this name. */
    public Model model(String name) {
        for (Model m : models) {
            if (m.name().equals(name)) return m;
        }
        throw new IllegalArgumentException("the checkpoint has no model '" + name + "'; it has "
                + models.stream().map(Model::name).toList());
    }

    /**
     * Writes this checkpoint as the directory {@code dir}, atomically. An existing checkpoint there
     * (or an empty directory) is replaced; any other existing directory is refused.
     */
    public void write(Path dir) {
        if (Files.isDirectory(dir) && !Files.isRegularFile(dir.resolve(MANIFEST)) && !isEmptyDirectory(dir)) {
            throw new ModelFormatException("cannot write a checkpoint to " + dir + ": it is a non-empty directory"
                    + " that is not a checkpoint (it has no " + MANIFEST + ")");
        }
        AtomicDirectory.write(dir, true, this::writeInto);
    }

    private void writeInto(Path dir) throws IOException {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("format", FORMAT);
        manifest.put("format_version", FORMAT_VERSION);
        manifest.put("global_step", globalStep);
        manifest.put("rng_state", rngState);
        ObjectNode modelsJson = manifest.putObject("models");
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String path = i == 0 ? "." : m.name();
            Path modelDir = dir.resolve(path);
            Files.createDirectories(modelDir);
            m.layout().config().write(modelDir.resolve(ModelConfig.FILE_NAME));
            writeFlat(modelDir.resolve(SafetensorsReader.SINGLE_FILE), m.layout(), m.parameters());
            ObjectNode modelJson = modelsJson.putObject(m.name());
            modelJson.put("path", path);
            if (m.optimizer() != null) {
                AdamW o = m.optimizer();
                ObjectNode optimizerJson = modelJson.putObject("optimizer");
                optimizerJson.put("type", "adamw");
                optimizerJson.put("steps", o.steps());
                optimizerJson.put("beta1", o.options().beta1());
                optimizerJson.put("beta2", o.options().beta2());
                optimizerJson.put("eps", o.options().eps());
                optimizerJson.put("weight_decay", o.options().weightDecay());
                optimizerJson.put("decay_all", o.options().decayAll());
                optimizerJson.put("exp_avg", momentFile(m.name(), "exp_avg"));
                optimizerJson.put("exp_avg_sq", momentFile(m.name(), "exp_avg_sq"));
                writeFlat(dir.resolve(momentFile(m.name(), "exp_avg")), m.layout(), o.expAvg());
                writeFlat(dir.resolve(momentFile(m.name(), "exp_avg_sq")), m.layout(), o.expAvgSq());
            }
        }
        manifest.set("trainer_state", trainerState);
        ObjectNode files = manifest.putObject("files");
        for (Map.Entry<String, Path> f : filesUnder(dir).entrySet()) {
            ObjectNode entry = files.putObject(f.getKey());
            entry.put("bytes", Files.size(f.getValue()));
            entry.put("crc32c", crc32c(f.getValue()));
        }
        AtomicFile.write(dir.resolve(MANIFEST), JsonFields.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    /**
     * Reads a checkpoint directory, after checking every file's size and CRC-32C against
     * checkpoint.json.
     *
     * @throws ModelFormatException naming the file and what is wrong with it, if the directory is
     *     not a complete, intact checkpoint
     */
    public static TrainingCheckpoint read(Path dir) {
        JsonFields manifest = manifest(dir);
        Map<String, Long> sizes = checkFiles(dir, manifest);
        JsonFields files = manifest.optObject("files");
        for (String name : sizes.keySet()) {
            String expected = files.optObject(name).requireString("crc32c");
            String actual;
            try {
                actual = crc32c(dir.resolve(name));
            } catch (IOException e) {
                throw new ModelFormatException("cannot read " + dir.resolve(name) + ": " + e.getMessage(), e);
            }
            if (!actual.equals(expected)) {
                throw new ModelFormatException(dir.resolve(name) + " is corrupt: its CRC-32C is " + actual + " but "
                        + manifest.file() + " recorded " + expected + " when it was written. Resume from an earlier"
                        + " checkpoint (delete or move " + dir + ")");
            }
        }

        long globalStep = manifest.requireLong("global_step");
        long rngState = manifest.requireLong("rng_state");
        JsonFields trainer = manifest.optObject("trainer_state");
        ObjectNode trainerState = trainer == null ? null : (ObjectNode) trainer.node();
        JsonFields modelsJson = manifest.optObject("models");
        if (modelsJson == null) manifest.requirePresent("models");
        List<Model> models = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : modelsJson.node().properties()) {
            String name = e.getKey();
            JsonFields modelJson = modelsJson.optObject(name);
            if (modelJson == null) throw modelsJson.wrongType(name, "an object", e.getValue());
            Path modelDir = resolveInside(dir, modelJson, "path");
            ModelConfig config = ModelConfig.read(modelDir.resolve(ModelConfig.FILE_NAME));
            Path weightsFile = modelDir.resolve(SafetensorsReader.SINGLE_FILE);
            boolean valueHead;
            try (SafetensorsReader reader = SafetensorsReader.open(weightsFile)) {
                valueHead = reader.contains(WeightLayout.VALUE_HEAD);
            }
            ParameterLayout layout = ParameterLayout.of(config, valueHead);
            float[] parameters = readFlat(weightsFile, layout);
            AdamW optimizer = null;
            JsonFields o = modelJson.optObject("optimizer");
            if (o != null) {
                String type = o.requireString("type");
                if (!type.equals("adamw")) throw o.invalid("type", "is '" + type + "'; reason4j writes only 'adamw'");
                AdamW.Options options;
                try {
                    options = new AdamW.Options(o.requireDouble("beta1"), o.requireDouble("beta2"),
                            o.requireDouble("eps"), o.requireDouble("weight_decay"), o.optBoolean("decay_all", false));
                } catch (IllegalArgumentException bad) {
                    throw new ModelFormatException(manifest.file() + ": model '" + name + "': " + bad.getMessage(), bad);
                }
                long steps = o.requireLong("steps");
                if (steps < 0) throw o.invalid("steps", "must be >= 0, found " + steps);
                float[] expAvg = readFlat(resolveInside(dir, o, "exp_avg"), layout);
                float[] expAvgSq = readFlat(resolveInside(dir, o, "exp_avg_sq"), layout);
                optimizer = AdamW.restore(layout, options, expAvg, expAvgSq, steps);
            }
            try {
                models.add(new Model(name, layout, parameters, optimizer));
            } catch (IllegalArgumentException bad) {
                throw new ModelFormatException(manifest.file() + ": " + bad.getMessage(), bad);
            }
        }
        if (models.isEmpty()) throw manifest.invalid("models", "is empty; a checkpoint holds at least one model");
        try {
            return new TrainingCheckpoint(globalStep, rngState, trainerState, models);
        } catch (IllegalArgumentException bad) {
            throw new ModelFormatException(manifest.file() + ": " + bad.getMessage(), bad);
        }
    }

    /**
     * Why {@code dir} is not a complete checkpoint, or empty if it looks complete: checkpoint.json
     * is readable and every file it lists exists with its recorded size. Cheap (no file is read
     * through); {@link #read} also checks the contents.
     */
    public static Optional<String> problem(Path dir) {
        try {
            checkFiles(dir, manifest(dir));
            return Optional.empty();
        } catch (ModelFormatException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static JsonFields manifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir + " is not a complete checkpoint: it has no " + MANIFEST);
        }
        JsonFields manifest = JsonFields.read(file);
        String format = manifest.requireString("format");
        if (!format.equals(FORMAT)) throw manifest.invalid("format", "is '" + format + "', expected '" + FORMAT + "'");
        long version = manifest.requireLong("format_version");
        if (version != FORMAT_VERSION) {
            throw manifest.invalid("format_version", "is " + version + "; this reason4j reads version " + FORMAT_VERSION);
        }
        return manifest;
    }

    /** Checks that every file the manifest lists exists with its size; returns name → size. */
    private static Map<String, Long> checkFiles(Path dir, JsonFields manifest) {
        JsonFields files = manifest.optObject("files");
        if (files == null) manifest.requirePresent("files");
        Map<String, Long> sizes = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : files.node().properties()) {
            String name = e.getKey();
            JsonFields entry = files.optObject(name);
            if (entry == null) throw files.wrongType(name, "an object with bytes and crc32c", e.getValue());
            Path file = dir.resolve(name).normalize();
            if (!file.startsWith(dir.normalize())) throw files.invalid(name, "names a file outside the checkpoint");
            long expected = entry.requireLong("bytes");
            long actual;
            try {
                actual = Files.size(file);
            } catch (NoSuchFileException missing) {
                throw new ModelFormatException(dir + " is incomplete: " + name + " is missing");
            } catch (IOException io) {
                throw new ModelFormatException("cannot read " + file + ": " + io.getMessage(), io);
            }
            if (actual != expected) {
                throw new ModelFormatException(dir + " is incomplete or damaged: " + name + " has " + actual
                        + " bytes, " + MANIFEST + " recorded " + expected);
            }
            sizes.put(name, expected);
        }
        return sizes;
    }

    private static Path resolveInside(Path dir, JsonFields json, String key) {
        String relative = json.requireString(key);
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir.normalize())) throw json.invalid(key, "names a path outside the checkpoint: " + relative);
        return p;
    }

    static String momentFile(String model, String moment) {
        return "optimizer." + model + "." + moment + ".safetensors";
    }

    private static void writeFlat(Path file, ParameterLayout layout, float[] flat) {
        SafetensorsWriter.write(file, layout.weightsOver(flat).tensors(), DType.F32, Map.of("format", "pt"));
    }

    /**
     * Reads a file of the layout's tensors into a new flat array. The file must hold exactly the
     * layout's tensors, in F32 (a narrower type would not resume bit for bit).
     */
    static float[] readFlat(Path file, ParameterLayout layout) {
        if (!Files.isRegularFile(file)) throw new ModelFormatException("missing file " + file);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (String name : reader.names()) {
                if (layout.slot(name) == null) {
                    throw new ModelFormatException(file + ": unexpected tensor '" + name + "'; the model described by"
                            + " config.json has no such parameter");
                }
            }
            float[] flat = new float[layout.size()];
            for (ParameterLayout.Slot s : layout.slots()) {
                TensorInfo info = reader.info(s.name());
                if (info.dtype() != DType.F32) {
                    throw new ModelFormatException(file + ": tensor '" + s.name() + "' is " + info.dtype()
                            + "; training checkpoints hold F32 so that a resumed run continues exactly");
                }
                MemorySegment data = reader.f32(s.name(), s.shape());
                MemorySegment.copy(data, DType.FLOAT_LE, 0, flat, s.offset(), s.size());
            }
            return flat;
        }
    }

    /** Every regular file under {@code dir} except the manifest, by relative path with '/' separators. */
    private static Map<String, Path> filesUnder(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isRegularFile(p)) continue;
                String relative = dir.relativize(p).toString().replace('\\', '/');
                if (!relative.equals(MANIFEST)) out.put(relative, p);
            }
        }
        return out;
    }

    /** The CRC-32C (Castagnoli; hardware-accelerated in the JDK) of a file, as 8 hex digits. */
    static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(CRC_CHUNK_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return String.format("%08x", crc.getValue());
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new ModelFormatException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
