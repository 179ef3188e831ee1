package io.snapdrill.model;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot as the source cluster reports it.
 *
 * @param product "elasticsearch" or "opensearch": the restore host runs the same product
 * @param version the source cluster's version: the restore host runs the same version
 */
public record SnapshotInfo(
    String repository,
    String name,
    String uuid,
    String state,
    Instant startTime,
    Instant endTime,
    List<String> indices,
    String product,
    String version) {}
