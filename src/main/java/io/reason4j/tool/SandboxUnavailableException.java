package io.reason4j.tool;

/** Code cannot be run safely on this machine (or the sandbox failed to start): says why and what to do. */
public final class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
