package io.reason4j.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Every sample of one problem, one line of {@code results.jsonl}: two evaluations can be compared
 * problem by problem (by {@code id}), and an interrupted evaluation knows which problems are done.
 *
 * @param id          the problem's id in its dataset
 * @param dataSource  the dataset or task it comes from
 * @param groundTruth the reference answer
 * @param correct     samples the verifier accepted
 * @param samples     the samples, in the order they were drawn (maj@k votes over the first k)
 */
// n and pass_rate are written for readers of the file and derived again when it is read.
@JsonIgnoreProperties(value = {"n", "pass_rate"}, allowGetters = true)
public record ProblemResult(@JsonProperty("id") String id,
                            @JsonProperty("data_source") String dataSource,
                            @JsonProperty("ground_truth") String groundTruth,
                            @JsonProperty("correct") int correct,
                            @JsonProperty("samples") List<SampleResult> samples) {

    public ProblemResult {
        samples = List.copyOf(samples);
    }

    public static ProblemResult of(String id, String dataSource, String groundTruth, List<SampleResult> samples) {
        int correct = (int) samples.stream().filter(SampleResult::correct).count();
        return new ProblemResult(id, dataSource, groundTruth, correct, samples);
    }

    @JsonProperty("n")
    public int n() {
        return samples.size();
    }

    /** Share of samples that are correct: this problem's avg@n. */
    @JsonProperty("pass_rate")
    public double passRate() {
        return samples.isEmpty() ? 0 : (double) correct / samples.size();
    }

    @JsonIgnore
    public List<MajorityVote.Ballot> ballots() {
        return samples.stream().map(s -> new MajorityVote.Ballot(s.answer(), s.correct())).toList();
    }
}
