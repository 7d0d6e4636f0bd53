package io.reason4j.reward;

/** One reward component's value for one sample, and why. */
public record ComponentScore(String name, double value, String explanation) {}
