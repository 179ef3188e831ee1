package io.snapdrill.model;

/** Where the report was written (file paths or s3:// URIs); a format not written is null. */
public record ReportLocation(String json, String markdown, String html) {}
