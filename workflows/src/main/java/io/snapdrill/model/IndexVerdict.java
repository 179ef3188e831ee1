package io.snapdrill.model;

import java.util.List;

/** VERIFY's verdict on one index, with every reason it failed (empty when it passed). */
public record IndexVerdict(String index, boolean passed, long expectedDocuments, long actualDocuments, List<String> reasons) {}
