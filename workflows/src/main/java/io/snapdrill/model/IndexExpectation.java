package io.snapdrill.model;

import java.util.List;

/** What an index held when the snapshot was taken; VERIFY compares the restored index with it. */
public record IndexExpectation(
    String index, long documentCount, String mappingFingerprint, List<SampleDocument> samples) {}
