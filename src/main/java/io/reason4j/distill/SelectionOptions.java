package io.reason4j.distill;

/**
 * What {@link Selection} keeps.
 *
 * @param minPass lower bound of the reference pass rate, exclusive (a negative bound keeps pass rate 0)
 * @param maxPass upper bound, exclusive (a bound above 1 keeps pass rate 1)
 * @param count   rows to sample for diversity, or 0 to keep every row the filters leave
 * @param by      the category rows are balanced over: {@code data_source} or {@code extra_info.KEY}
 *                (a dotted path into extra_info)
 * @param seed    the diversity sampling's seed
 */
public record SelectionOptions(double minPass, double maxPass, int count, String by, long seed) {
    /** s1's and DAPO's band: drop what the reference always or never solves, roughly. */
    public static final double DEFAULT_MIN_PASS = 0.1, DEFAULT_MAX_PASS = 0.9;

    public SelectionOptions {
        if (!(minPass < maxPass)) throw new IllegalArgumentException("--min-pass must be below --max-pass, got " + minPass + " and " + maxPass);
        if (count < 0) throw new IllegalArgumentException("--count must not be negative, got " + count);
        if (!by.equals("data_source") && !(by.startsWith("extra_info.") && by.length() > "extra_info.".length())) {
            throw new IllegalArgumentException("--by: expected data_source or extra_info.KEY, got '" + by + "'");
        }
    }
}
