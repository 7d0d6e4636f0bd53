package io.reason4j.data;

import io.reason4j.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenizes a text made of pieces, some trainable and some not, as one text, and marks each token
 * trainable or not by the piece it comes from.
 *
 * <p>Tokenizing the pieces one by one and concatenating the ids can give other tokens than
 * tokenizing the whole text: BPE may merge across a boundary ("hel" + "lo" is one token "hello").
 * TRL tokenizes prompt + completion as one text and takes the prompt's own token count as the
 * boundary, warning when the prompt's tokens are not a prefix of the whole's. We tokenize the whole
 * text once too, so the ids are the ones the whole text has. When the pieces tokenized alone give
 * exactly those ids (the usual case: boundaries after a special token, a newline or before a
 * space), each piece's tokens are its own. Otherwise we find each boundary by tokenizing the text
 * before it: the boundary is the length of the longest common prefix of those tokens and the
 * whole's, which is TRL's boundary where the prefix's tokens agree with the whole's. Where a token
 * straddles the boundary it goes to the later piece, so a completion's first token is trained even
 * when it was merged with the end of the prompt; such boundaries are counted as mismatches and
 * reported.
 */
final class JointTokenizer {

    /** A run of text and whether its tokens are trained. */
    record Piece(String text, boolean trainable) {
    }

    /**
     * @param boundaryMismatches boundaries where the tokens of the text before the boundary are not
     *                           a prefix of the whole text's tokens
     */
    record Result(int[] tokens, boolean[] trainable, int boundaryMismatches) {
    }

    private JointTokenizer() {
    }

    /**
     * @param addSpecialTokens true for plain text (the tokenizer adds e.g. a BOS as transformers'
     *                         {@code tokenizer(text)} does); false for text rendered by a chat
     *                         template, which already holds its special tokens
     */
    static Result tokenize(Tokenizer tokenizer, List<Piece> pieces, boolean addSpecialTokens) {
        List<Piece> runs = mergeRuns(pieces);
        StringBuilder whole = new StringBuilder();
        for (Piece run : runs) {
            whole.append(run.text());
        }
        int[] tokens = tokenizer.encode(whole.toString(), addSpecialTokens);
        int mismatches = 0;
        int[] ends = endsIfSeparateMatches(tokenizer, runs, tokens, addSpecialTokens);
        if (ends == null) {
            ends = new int[runs.size()];
            int chars = 0;
            for (int r = 0; r < runs.size(); r++) {
                chars += runs.get(r).text().length();
                if (r + 1 == runs.size()) {
                    ends[r] = tokens.length;
                    break;
                }
                int[] before = tokenizer.encode(whole.substring(0, chars), addSpecialTokens);
                int common = commonPrefix(before, tokens);
                if (common != before.length) {
                    mismatches++;
                }
                ends[r] = Math.max(r == 0 ? 0 : ends[r - 1], common);
            }
        }
        boolean[] trainable = new boolean[tokens.length];
        for (int r = 0, start = 0; r < runs.size(); start = ends[r], r++) {
            if (runs.get(r).trainable()) {
                for (int t = start; t < ends[r]; t++) {
                    trainable[t] = true;
                }
            }
        }
        return new Result(tokens, trainable, mismatches);
    }

    /**
     * The fast path: when tokenizing each run alone and concatenating gives the whole text's tokens
     * (boundaries after special tokens and newlines usually do), each run's tokens are its own and
     * the boundaries are their counts; one more encoding instead of one per boundary. Null otherwise.
     */
    private static int[] endsIfSeparateMatches(Tokenizer tokenizer, List<Piece> runs, int[] tokens,
                                               boolean addSpecialTokens) {
        int[] ends = new int[runs.size()];
        int at = 0;
        for (int r = 0; r < runs.size(); r++) {
            // Special tokens a tokenizer adds (a BOS) belong at the start of the whole text only.
            int[] alone = tokenizer.encode(runs.get(r).text(), addSpecialTokens && r == 0);
            if (at + alone.length > tokens.length
                    || !Arrays.equals(alone, 0, alone.length, tokens, at, at + alone.length)) {
                return null;
            }
            at += alone.length;
            ends[r] = at;
        }
        return at == tokens.length ? ends : null;
    }

    /** Drops empty pieces and joins neighbours with the same flag: boundaries only where it changes. */
    private static List<Piece> mergeRuns(List<Piece> pieces) {
        List<Piece> runs = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.text().isEmpty()) {
                continue;
            }
            if (!runs.isEmpty() && runs.getLast().trainable() == piece.trainable()) {
                runs.set(runs.size() - 1, new Piece(runs.getLast().text() + piece.text(), piece.trainable()));
            } else {
                runs.add(piece);
            }
        }
        return runs;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
