package io.reason4j.rl;

import io.reason4j.data.SftDataset;
import io.reason4j.data.SftExample;
import io.reason4j.rollout.RolloutFinish;
import io.reason4j.rollout.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * An SFT loss mixed into each actor update (OpenRLHF's {@code ptx_coef}, InstructGPT's PPO-ptx):
 * {@code γ · mean NLL} over the trainable tokens of {@code sft_rows} examples of a dataset, the
 * examples visited epoch after epoch in a seeded order ({@link PromptOrder}, so a resumed run
 * continues with the examples the stopped one would have used). Tokens the dataset marks as not
 * trainable (prompts, template headers, tool output) have no loss. An example is a trajectory whose
 * "prompt" is its first token, so the trainer's own forward scores it.
 */
final class SftMixing {
    private final List<Trajectory> examples;
    private final int rows;
    private final double coef;
    private final PromptOrder order;
    final int truncated;

    /**
     * @param maxLength the training decoder's sequence capacity: longer examples keep their first tokens
     * @param cursor    examples handed out before (a resumed run's), 0 for a new run
     */
    SftMixing(SftDataset data, int maxLength, int rows, double coef, long seed, long cursor) {
        if (data.size() == 0) throw new IllegalArgumentException(data.name() + " has no SFT examples");
        List<Trajectory> out = new ArrayList<>(data.size());
        int cut = 0;
        for (SftExample e : data.examples()) {
            int n = Math.min(e.length(), maxLength);
            if (n < e.length()) cut++;
            int[] response = new int[n - 1], mask = new int[n - 1];
            for (int t = 1; t < n; t++) {
                response[t - 1] = e.tokens()[t];
                mask[t - 1] = e.trainable()[t] ? 1 : 0;
            }
            out.add(new Trajectory(0, new int[] {e.tokens()[0]}, response, mask, new float[n - 1], List.of(), RolloutFinish.STOP, 0, 0));
        }
        this.examples = out;
        this.truncated = cut;
        this.rows = rows;
        this.coef = coef;
        this.order = new PromptOrder(out.size(), seed ^ 0x5F7A11D5L, cursor);
    }

    /** The examples of the next update. */
    List<Trajectory> next() {
        List<Trajectory> batch = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) batch.add(examples.get(order.next()));
        return batch;
    }

    /** Examples handed out so far (for checkpoints). */
    long cursor() {
        return order.cursor();
    }

    double coef() {
        return coef;
    }
}
