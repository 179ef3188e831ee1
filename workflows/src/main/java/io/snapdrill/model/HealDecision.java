package io.snapdrill.model;

/** An operator's answer to a drill waiting with heal policy ASK. */
public record HealDecision(boolean approve, String operator, String reason) {}
