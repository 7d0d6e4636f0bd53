package io.reason4j.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reason4j.data.DatasetRows;
import io.reason4j.eval.ProblemResult;
import io.reason4j.eval.SampleResult;
import io.reason4j.rollout.RolloutFinish;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * s1K's three-stage selection (s1, section 2: quality, then difficulty, then diversity) of problems,
 * or of distilled SFT examples (which carry their problem's id):
 * <ol>
 *   <li><b>Quality</b>: drop failed generations. An SFT example must be verified ({@code "correct": true},
 *       as {@code reason4j distill} writes it) and have ended on its own ({@code "finish": "stop"} when
 *       the field is there). A problem is dropped when every one of the reference model's samples failed
 *       (no answer, or cut off by a limit): its pass rate of 0 says nothing about its difficulty.</li>
 *   <li><b>Difficulty</b>: keep rows whose problem's pass rate in a reference model's evaluation
 *       ({@code results.jsonl}) lies strictly between the bounds. s1 drops what Qwen2.5-7B or 32B
 *       solves; DAPO drops what is always or never solved. A row whose problem is not in the results
 *       is an error, not a silent drop: it usually means the results are of another file.</li>
 *   <li><b>Diversity</b>: with a count, {@link DiversitySampling} (s1's Algorithm 1) over the
 *       {@code --by} categories, preferring longer reasoning within a category: an SFT example's
 *       {@code tokens} (its text's characters when it has none), a problem's mean response tokens in
 *       the reference results.</li>
 * </ol>
 * The kept rows are returned in file order.
 */
public final class Selection {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NONE = "(none)";

    /** The rows kept, and what happened to the others. */
    public record Result(List<DatasetRows.Row> selected, SelectionReport report) {
        public Result {
            selected = List.copyOf(selected);
        }
    }

    private Selection() {}

    /**
     * @param results     the reference model's per-problem results by id, or null for no difficulty filter
     * @param resultsName the results file, for messages
     */
    public static Result select(List<DatasetRows.Row> rows, Map<String, ProblemResult> results, String resultsName, SelectionOptions options) {
        if (results != null) checkCovered(rows, results, resultsName);
        Map<String, Integer> quality = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        int tooHard = 0, tooEasy = 0;
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            DatasetRows.Row row = rows.get(i);
            ProblemResult r = results == null ? null : results.get(row.id());
            String failed = qualityProblem(row, r);
            if (failed != null) {
                quality.merge(failed, 1, Integer::sum);
                if (notes.size() < SelectionReport.NOTES) notes.add(row.location() + ": " + failed);
                continue;
            }
            if (r != null && r.passRate() <= options.minPass()) {
                tooHard++;
            } else if (r != null && r.passRate() >= options.maxPass()) {
                tooEasy++;
            } else {
                eligible.add(i);
            }
        }

        List<DiversitySampling.Candidate> candidates = eligible.stream()
                .map(i -> new DiversitySampling.Candidate(category(rows.get(i), options.by()), length(rows.get(i), results))).toList();
        Set<Integer> chosen = new HashSet<>();
        if (options.count() > 0) {
            for (int c : DiversitySampling.sample(candidates, options.count(), options.seed())) chosen.add(eligible.get(c));
        } else {
            chosen.addAll(eligible);
        }
        Map<String, SelectionReport.CategoryCount> categories = new TreeMap<>();
        for (int c = 0; c < eligible.size(); c++) {
            boolean kept = chosen.contains(eligible.get(c));
            categories.merge(candidates.get(c).category(), new SelectionReport.CategoryCount(1, kept ? 1 : 0), SelectionReport.CategoryCount::plus);
        }
        List<DatasetRows.Row> selected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) if (chosen.contains(i)) selected.add(rows.get(i));
        SelectionReport report = new SelectionReport(rows.size(), quality, results != null, options.minPass(), options.maxPass(), tooHard, tooEasy,
                eligible.size(), options.count(), options.by(), options.seed(), categories, selected.size(), notes);
        return new Result(selected, report);
    }

    private static void checkCovered(List<DatasetRows.Row> rows, Map<String, ProblemResult> results, String resultsName) {
        List<DatasetRows.Row> missing = rows.stream().filter(r -> !results.containsKey(r.id())).toList();
        if (missing.isEmpty()) return;
        DatasetRows.Row first = missing.getFirst();
        throw new DistillException(first.location() + ": problem \"" + first.id() + "\" is not in " + resultsName + " (" + missing.size() + " of "
                + rows.size() + " rows are not; the results hold " + results.size() + " problems): evaluate the reference model on this"
                + " file (reason4j eval --data resumes and adds the missing problems), or select from the file the results were made for");
    }

    /** Why a row is a failed generation, or null when it is not. */
    static String qualityProblem(DatasetRows.Row row, ProblemResult result) {
        if (row.isSftExample()) {
            JsonNode correct = row.json().get("correct");
            if (correct == null || !correct.isBoolean() || !correct.booleanValue()) return "no verified answer (\"correct\": true)";
            JsonNode finish = row.json().get("finish");
            if (finish != null && !finish.isNull() && !finish.asText().equals(RolloutFinish.STOP.apiName())) return "did not end (finish " + finish.asText() + ")";
            return null;
        }
        if (result != null && !result.samples().isEmpty() && result.samples().stream().allMatch(Selection::failed)) {
            return "every reference sample failed (no answer, or cut off)";
        }
        return null;
    }

    private static boolean failed(SampleResult s) {
        return s.answer() == null || !RolloutFinish.STOP.apiName().equals(s.finish());
    }

    /** The row's value at {@code by}, as text; {@link #NONE} when it has none. */
    static String category(DatasetRows.Row row, String by) {
        JsonNode value;
        if (row.problem() != null) {
            // the problem as read: data_source defaults to the file's name, ability is in extra_info
            value = by.equals("data_source") ? JSON.valueToTree(row.problem().dataSource())
                    : walk(JSON.valueToTree(row.problem().extraInfo()), by.substring("extra_info.".length()));
        } else {
            value = walk(row.json(), by);
        }
        if (value == null || value.isNull() || value.isMissingNode()) return NONE;
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static JsonNode walk(JsonNode node, String path) {
        for (String key : path.split("\\.")) {
            if (node == null || !node.isObject()) return null;
            node = node.get(key);
        }
        return node;
    }

    /** How long the row's reasoning is: what diversity sampling prefers more of. */
    static double length(DatasetRows.Row row, Map<String, ProblemResult> results) {
        if (row.isSftExample()) {
            JsonNode tokens = row.json().get("tokens");
            return tokens != null && tokens.isNumber() ? tokens.doubleValue() : traceCharacters(row.json());
        }
        ProblemResult r = results == null ? null : results.get(row.id());
        return r == null ? 0 : r.samples().stream().mapToInt(SampleResult::tokens).average().orElse(0);
    }

    /** The characters of what an SFT line trains on or reads as its response: completion, assistant messages, text. */
    private static double traceCharacters(JsonNode line) {
        double n = 0;
        JsonNode completion = line.get("completion");
        if (completion != null && completion.isTextual()) n += completion.textValue().length();
        if (completion != null && completion.isArray()) {
            for (JsonNode part : completion) n += part.path("text").asText("").length() + part.path("content").asText("").length();
        }
        JsonNode messages = line.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode m : messages) if (m.path("role").asText().equals("assistant")) n += m.path("content").asText("").length();
        }
        n += line.path("text").asText("").length();
        return n;
    }
}
