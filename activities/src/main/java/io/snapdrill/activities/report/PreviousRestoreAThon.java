package io.snapdrill.activities.report;

/**
 * The restore-a-thon before this one, as {@link RestoreAThonIndex} found it.
 *
 * @param entry its index entry (id, times, report location and digest)
 * @param report its report, or null when it could not be used
 * @param problem why its report could not be used (missing, digest differs, an older format), or null
 */
record PreviousRestoreAThon(RestoreAThonReport.Previous entry, RestoreAThonReport report, String problem) {}
