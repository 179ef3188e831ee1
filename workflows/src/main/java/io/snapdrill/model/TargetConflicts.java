package io.snapdrill.model;

import java.util.List;

/**
 * The indices a failover restore would write on the target, and those of them that exist already.
 *
 * @param targetIndices the names the restore writes (after any rename)
 * @param open those that exist and are open: a restore refuses to overwrite them
 * @param closed those that exist closed: the restore overwrites them
 */
public record TargetConflicts(List<String> targetIndices, List<String> open, List<String> closed) {}
