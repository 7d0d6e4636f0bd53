package io.reason4j.engine.remote;

/**
 * A remote OpenAI-compatible server could not be used: unreachable after the retries, an error
 * status (with the server's own message), or a response without a field we need (named). A user's
 * problem (a wrong URL, a server that is down or misconfigured), reported as one line.
 */
public final class RemoteEngineException extends RuntimeException {
    public RemoteEngineException(String message) {
        super(message);
    }

    public RemoteEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
