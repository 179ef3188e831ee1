package io.snapdrill.model;

public record RestoreRequest(String drillId, String cluster, RestoreHost host, SnapshotInfo snapshot) {}
