package io.reason4j.server;

/**
 * A request the server refuses, answered with an OpenAI-shaped error body
 * ({@code {"error": {"message", "type", "param", "code"}}}) and its HTTP status. The message names
 * what was wrong and what would be right; {@code param} names the request field, when one is at fault.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;

    ApiException(int status, String type, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    /** 400: a field is missing, has the wrong type or a value out of range. */
    static ApiException badRequest(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, message);
    }

    /** 404: no such path or model. */
    static ApiException notFound(String param, String message) {
        return new ApiException(404, "not_found_error", param, message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }
}
