package io.reason4j.reward;

/** What the rules concluded. UNDECIDED means they could not read or compare the answers (a judge may). */
public enum Verdict { EQUIVALENT, NOT_EQUIVALENT, UNDECIDED }
