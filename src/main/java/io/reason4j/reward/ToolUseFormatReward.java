package io.reason4j.reward;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tool-use format reward (verification.md, "tool-use format: code blocks well formed"): the code
 * blocks of a tool-integrated response are the ones the rollout can detect and run (retool.md). It
 * earns {@code wellFormed} when
 * <ul>
 *   <li>every {@code <code>} has its {@code </code>} and every {@code ```python} (or {@code ```py})
 *       fence its closing {@code ```}; a response cut off inside a block is malformed;</li>
 *   <li>no code block opens inside another; a fence inside {@code <code>…</code>} is the code's own
 *       markup (the ReTool template writes {@code <code>```python … ```</code>}), not a second block;</li>
 *   <li>every interpreter output ({@code <interpreter>…</interpreter>} or a {@code ```output} fence) is
 *       closed and comes right after a code block, with only white space between: the rollout
 *       appends output there and nowhere else, so output anywhere else was written by the policy,
 *       a fabricated tool result;</li>
 * </ul>
 * and {@code malformed} otherwise. A response without code is well formed: the component checks the
 * form of tool use, never rewards use itself (ReTool rewards the outcome only, so that gratuitous
 * calls earn nothing). The content of an output block is the program's, not the model's, and is not
 * looked into; nor is the content of other fences ({@code ```text}, a bare {@code ```}). It reads
 * the sample's transcript, tool output included: output is in place only where the rollout put it.
 */
public record ToolUseFormatReward(double wellFormed, double malformed) implements RewardComponent {
    public static final String NAME = "tool_format";

    /** Tags and fences in the order they occur; group 1 is a fence's info string ("python", "output", ""). */
    private static final Pattern MARKER = Pattern.compile("</?code>|</?interpreter>|```([A-Za-z0-9_+-]*)");

    /** 1 when well formed, else 0 (the scale of {@link FormatReward}). */
    public static ToolUseFormatReward defaults() {
        return new ToolUseFormatReward(1.0, 0.0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ComponentScore score(RewardContext context) {
        Scan scan = scan(context.sample().transcript());
        String why = scan.problem != null ? scan.problem
                : scan.codeBlocks == 0 ? "no code blocks"
                : scan.codeBlocks + " code block(s) and " + scan.outputs + " output block(s), well formed";
        return new ComponentScore(NAME, scan.problem == null ? wellFormed : malformed, why);
    }

    /** Null when the response's code blocks are well formed, else what is wrong, in words. */
    static String problem(String response) {
        return scan(response).problem;
    }

    /** The kind of block the scan is inside. */
    private enum Block { NONE, CODE_TAG, CODE_FENCE, OUTPUT_TAG, OUTPUT_FENCE, OTHER_FENCE }

    private static final class Scan {
        int codeBlocks, outputs;
        String problem;
    }

    private static Scan scan(String response) {
        Scan scan = new Scan();
        Block open = Block.NONE;
        int lastCodeEnd = -1; // end of the latest code block not yet answered by an output, or -1
        Matcher m = MARKER.matcher(response);
        while (m.find() && scan.problem == null) {
            String marker = m.group();
            boolean fence = m.group(1) != null;
            String info = fence ? m.group(1) : null;
            switch (open) {
                case NONE -> {
                    if (marker.equals("<code>") || fence && isCodeFence(info)) {
                        open = fence ? Block.CODE_FENCE : Block.CODE_TAG;
                    } else if (marker.equals("<interpreter>") || fence && info.equals("output")) {
                        if (lastCodeEnd < 0 || !response.substring(lastCodeEnd, m.start()).isBlank()) {
                            scan.problem = "interpreter output " + marker + " at character " + m.start() + " does not follow a code block";
                        }
                        open = fence ? Block.OUTPUT_FENCE : Block.OUTPUT_TAG;
                    } else if (fence) {
                        open = Block.OTHER_FENCE;
                    } else {
                        scan.problem = marker + " at character " + m.start() + " closes nothing";
                    }
                }
                case CODE_TAG -> {
                    if (marker.equals("</code>")) {
                        scan.codeBlocks++;
                        lastCodeEnd = m.end();
                        open = Block.NONE;
                    } else if (!fence) {
                        scan.problem = marker + " at character " + m.start() + " inside a <code> block";
                    }
                }
                case CODE_FENCE -> {
                    if (fence && info.isEmpty()) {
                        scan.codeBlocks++;
                        lastCodeEnd = m.end();
                        open = Block.NONE;
                    } else {
                        scan.problem = marker + " at character " + m.start() + " inside a ```python block";
                    }
                }
                case OUTPUT_TAG -> {
                    if (marker.equals("</interpreter>")) {
                        scan.outputs++;
                        lastCodeEnd = -1;
                        open = Block.NONE;
                    }
                }
                case OUTPUT_FENCE, OTHER_FENCE -> {
                    if (fence && info.isEmpty()) { // as in Markdown, only a bare fence closes one
                        if (open == Block.OUTPUT_FENCE) scan.outputs++;
                        lastCodeEnd = -1;
                        open = Block.NONE;
                    }
                }
            }
        }
        if (scan.problem == null && open != Block.NONE) scan.problem = unclosed(open);
        return scan;
    }

    private static boolean isCodeFence(String info) {
        return info.equals("python") || info.equals("py");
    }

    private static String unclosed(Block open) {
        return switch (open) {
            case CODE_TAG -> "a <code> block is never closed";
            case CODE_FENCE -> "a ```python block is never closed";
            case OUTPUT_TAG -> "an <interpreter> block is never closed";
            case OUTPUT_FENCE -> "a ```output block is never closed";
            case OTHER_FENCE -> "a ``` fence is never closed";
            case NONE -> throw new IllegalStateException();
        };
    }
}
