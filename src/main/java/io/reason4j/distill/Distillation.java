package io.reason4j.distill;

import io.reason4j.data.NGramIndex;
import io.reason4j.data.PromptExample;
import io.reason4j.eval.EvalReport;
import io.reason4j.eval.EvalSettings;
import io.reason4j.eval.Evaluation;
import io.reason4j.eval.ProblemResult;
import io.reason4j.eval.ResultsFile;
import io.reason4j.eval.SampleResult;
import io.reason4j.model.AtomicFile;
import io.reason4j.rollout.RolloutFinish;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Distillation as Open R1 makes its SFT sets (test-time.md, "Data selection and distillation"):
 * <ol>
 *   <li>drop repeated problems (the same prompt after {@link NGramIndex#normalised normalisation});</li>
 *   <li>drop problems contaminated with the evaluation sets (a shared word n-gram, {@link NGramIndex});</li>
 *   <li>sample n traces per problem from the teacher: an {@link Evaluation} of the teacher, which runs
 *       any engine with the rollout of training (tools, budget forcing), verifies every sample, and
 *       saves per-problem results in the work directory, so an interrupted distillation resumes;</li>
 *   <li>keep the verified-correct traces that ended on their own, drop identical ones, and keep at most
 *       {@code maxPerProblem} per problem ({@link TraceChoice});</li>
 *   <li>write them as SFT lines ({@link DistilledExample}), all at once.</li>
 * </ol>
 * Both problem filters run before sampling, so the teacher never spends time on a problem that would
 * be dropped. The teacher's results stay in the work directory ({@code results.jsonl},
 * {@code summary.json}): they are an evaluation like any other, e.g. the pass rates
 * {@code reason4j select} filters by.
 */
public final class Distillation {
    private final Evaluation teacher;
    private final Map<String, Object> templateVariables;
    private final PrintStream progress;

    /**
     * @param teacher           samples and verifies; its engine may be local or remote
     * @param templateVariables the variables the evaluation renders prompts with (its {@code tools})
     */
    public Distillation(Evaluation teacher, Map<String, Object> templateVariables, PrintStream progress) {
        this.teacher = teacher;
        this.templateVariables = Map.copyOf(templateVariables);
        this.progress = progress;
    }

    /**
     * Runs the pipeline and writes {@code out} (nothing when no trace survives) and its report.
     *
     * @param evaluationSets the evaluation problems to decontaminate against; may be empty
     * @param work           the teacher's evaluation directory
     * @param resume         continue the teacher's results in {@code work}, rather than start over
     */
    public DistillReport run(List<PromptExample> problems, EvalSettings settings, NGramIndex evaluationSets, DistillOptions options,
                             Path work, boolean resume, Path out) {
        Notes notes = new Notes();
        List<PromptExample> unique = withoutRepeats(problems, notes);
        Map<String, Integer> bySource = new LinkedHashMap<>();
        List<PromptExample> clean = new ArrayList<>();
        for (PromptExample p : unique) {
            Optional<NGramIndex.Match> m = evaluationSets.match(p.problemText());
            if (m.isEmpty()) {
                clean.add(p);
                continue;
            }
            bySource.merge(m.get().source(), 1, Integer::sum);
            notes.add("contaminated", p.id() + " contaminated: \"" + m.get().overlap() + "\" is in " + m.get().source() + " " + m.get().id());
        }
        int contaminated = unique.size() - clean.size();
        if (clean.isEmpty()) {
            throw new DistillException("no problem is left to distil: of " + problems.size() + ", " + (problems.size() - unique.size())
                    + " repeat an earlier one and " + contaminated + " overlap the evaluation sets" + (notes.first() == null ? "" : " (e.g. " + notes.first() + ")"));
        }
        if (contaminated > unique.size() / 2 && unique.size() >= 10) {
            progress.printf("distill: warning: %d of %d problems share a %d-gram with the evaluation sets; a shared instruction"
                    + " (\"Let's think step by step and ...\") in both prompts makes every problem overlap: compare problems without it%n",
                    contaminated, unique.size(), evaluationSets.n());
        }
        progress.printf("distill: %d problems (%d repeated, %d contaminated dropped), %d samples each from %s into %s%n",
                clean.size(), problems.size() - unique.size(), contaminated, settings.n(), settings.model(), work.resolve(ResultsFile.RESULTS));

        EvalReport sampled = teacher.run(clean, settings, work, resume);
        sampled.write(work);

        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int correct = 0, cutOff = 0, duplicates = 0, notChosen = 0, none = 0, written = 0, problemsWritten = 0, segments = 0;
        for (int i = 0; i < clean.size(); i++) {
            PromptExample problem = clean.get(i);
            ProblemResult result = sampled.results().get(i);
            Traces t = traces(result, options, work);
            correct += t.correct();
            cutOff += t.cutOff();
            duplicates += t.duplicates();
            notChosen += t.notChosen();
            if (t.kept().isEmpty()) {
                none++;
                notes.add("no correct", problem.id() + " has no correct trace that ended (" + result.correct() + " of " + settings.n() + " correct)");
                continue;
            }
            for (SampleResult s : t.kept()) {
                String line = DistilledExample.line(problem, s, options.plainFormat(), templateVariables).toString();
                lines.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                if (s.segments() != null) segments++;
            }
            written += t.kept().size();
            problemsWritten++;
        }
        DistillReport report = new DistillReport(settings.model(), out.toString(), work.toString(), problems.size(), problems.size() - unique.size(),
                contaminated, bySource, evaluationSets.n(), clean.size(), settings.n(), sampled.accuracy().mean(), correct, cutOff, duplicates,
                notChosen, none, problemsWritten, written, segments, notes.all());
        if (written > 0) {
            AtomicFile.write(out, lines.toByteArray());
            report.write(DistillReport.pathFor(out));
        }
        return report;
    }

    /**
     * One problem's traces to write, and what was dropped on the way.
     *
     * @param correct    samples the verifier accepted
     * @param cutOff     of those, ended by a limit rather than by the teacher
     * @param duplicates of the rest, the same text as an earlier one
     * @param notChosen  of the rest, beyond the per-problem limit
     */
    private record Traces(List<SampleResult> kept, int correct, int cutOff, int duplicates, int notChosen) {}

    private static Traces traces(ProblemResult result, DistillOptions options, Path work) {
        List<SampleResult> usable = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int correct = 0, cutOff = 0, duplicates = 0;
        for (SampleResult s : result.samples()) {
            if (!s.correct()) continue;
            correct++;
            if (!s.finish().equals(RolloutFinish.STOP.apiName())) {
                cutOff++; // a trace that did not end teaches the student not to end
            } else if (!seen.add(s.response())) {
                duplicates++;
            } else if (s.segments() == null && (s.toolCalls() > 0 || s.extensions() > 0)) {
                throw new DistillException(work.resolve(ResultsFile.RESULTS) + ": the results of " + result.id() + " have inserted text but"
                        + " no segments (they were written before evaluations kept them); pass --no-resume to sample again");
            } else {
                usable.add(s);
            }
        }
        List<SampleResult> kept = choose(usable, options);
        return new Traces(kept, correct, cutOff, duplicates, usable.size() - kept.size());
    }

    /** The first of each normalised prompt, in the given order. */
    private static List<PromptExample> withoutRepeats(List<PromptExample> problems, Notes notes) {
        Map<String, String> first = new HashMap<>();
        List<PromptExample> out = new ArrayList<>();
        for (PromptExample p : problems) {
            String earlier = first.putIfAbsent(NGramIndex.normalised(p.problemText()), p.id());
            if (earlier == null) out.add(p);
            else notes.add("repeat", p.id() + " repeats " + earlier);
        }
        return out;
    }

    private static List<SampleResult> choose(List<SampleResult> usable, DistillOptions options) {
        List<SampleResult> ordered = new ArrayList<>(usable);
        if (options.choice() == TraceChoice.SHORTEST) ordered.sort(Comparator.comparingInt(SampleResult::tokens)); // stable: ties in draw order
        return List.copyOf(ordered.subList(0, Math.min(options.maxPerProblem(), ordered.size())));
    }

    /** A few notes of each kind, so that one filter's drops do not hide another's. */
    private static final class Notes {
        private final Map<String, List<String>> byKind = new LinkedHashMap<>();

        void add(String kind, String note) {
            List<String> list = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
            if (list.size() < DistillReport.NOTES_PER_KIND) list.add(note);
        }

        String first() {
            return byKind.values().stream().flatMap(List::stream).findFirst().orElse(null);
        }

        List<String> all() {
            return byKind.values().stream().flatMap(List::stream).toList();
        }
    }
}
