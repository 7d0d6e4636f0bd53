package io.reason4j.track.report;

/**
 * A run directory or one of its files that a report cannot be made from: names the file (and line)
 * and what was expected; the command line prints it as one line, without a stack trace.
 */
public final class ReportInputException extends RuntimeException {
    public ReportInputException(String message) {
        super(message);
    }
}
