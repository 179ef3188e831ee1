package io.snapdrill.model;

/**
 * Evidence too large for a workflow payload, kept in the report store (a file in local mode, the
 * reports bucket otherwise): the payload carries where it is and its digest, so a reader can tell the
 * stored copy is the one the workflow saw.
 *
 * @param uri a file path or an s3:// URI
 * @param sha256 the stored bytes' SHA-256, lower-case hex
 * @param count how many items it holds (markers, blobs, summaries)
 */
public record StoredEvidence(String uri, String sha256, int count) {}
