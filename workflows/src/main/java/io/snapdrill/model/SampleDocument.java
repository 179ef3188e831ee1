package io.snapdrill.model;

/** A document recorded at snapshot time: its id and a hash of its source. */
public record SampleDocument(String id, String sourceSha256) {}
