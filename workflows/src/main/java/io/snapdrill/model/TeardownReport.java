package io.snapdrill.model;

import java.util.List;

/**
 * @param terminatedHostIds hosts this call terminated and confirmed gone
 * @param alreadyGone true when nothing was running under the key any more
 */
public record TeardownReport(String hostKey, List<String> terminatedHostIds, boolean alreadyGone) {}
