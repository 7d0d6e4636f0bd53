package io.reason4j.cli;

/** Parses comma-separated token ids as given on the command line ("3,17,5"). */
final class TokenIds {
    private TokenIds() {}

    static int[] parse(String option, String text, int vocabSize) {
        String[] parts = text.trim().split("\\s*,\\s*");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new UserInputException(option + ": '" + parts[i] + "' (item " + (i + 1)
                        + ") is not a token id; expected comma-separated integers like 3,17,5");
            }
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new UserInputException(option + ": token id " + ids[i] + " (item " + (i + 1)
                        + ") is outside the model's vocabulary [0, " + vocabSize + ")");
            }
        }
        return ids;
    }
}
