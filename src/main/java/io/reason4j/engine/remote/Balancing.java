package io.reason4j.engine.remote;

/** How requests are spread over several endpoints. */
public enum Balancing {
    /** Each request to the next endpoint in turn. */
    ROUND_ROBIN,
    /**
     * Each request to the endpoint with the fewest requests in flight (ties in turn): a slow or
     * overloaded server gets less, as in SGLang's router's shortest-queue policy.
     */
    LEAST_OUTSTANDING
}
