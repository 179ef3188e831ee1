package io.snapdrill.model;

import java.util.List;

/**
 * @param drills one drill per cluster
 * @param maxConcurrentDrills how many drills (and so restore hosts) run at once
 */
public record RestoreAThonRequest(List<DrillRequest> drills, int maxConcurrentDrills) {}
