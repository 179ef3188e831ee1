package io.snapdrill.activities.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The restore-a-thons the report store holds, so a report can compare with the one before it. Each
 * restore-a-thon report adds one entry, {@code restore-a-thons/<start, yyyyMMdd'T'HHmmss'Z'>_<id>.json}
 * (its id, times, JSON report location and that report's SHA-256): the folder holds one small object
 * per restore-a-thon, so finding the previous one is one listing and two reads however many drill
 * reports the store holds. The previous restore-a-thon is the entry with the latest start strictly
 * before this one's (names sort by start); its report is used only when its digest is the recorded one.
 */
final class RestoreAThonIndex {
  static final String FOLDER = "restore-a-thons";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final ReportStore store;
  private final ObjectMapper json;

  RestoreAThonIndex(ReportStore store) {
    this.store = store;
    this.json = ReportActivitiesImpl.jsonMapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Adds (or, for the same restore-a-thon again, replaces) this restore-a-thon's entry. */
  String add(RestoreAThonReport.Previous entry) {
    try {
      return store.write(FOLDER, name(entry.startedAt(), entry.restoreAThonId()), json.writeValueAsBytes(entry),
          "application/json");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the restore-a-thon index entry: " + e.getMessage(), e);
    }
  }

  /** The restore-a-thon that started last before {@code startedAt}, or null when there is none. */
  PreviousRestoreAThon before(Instant startedAt, String id) {
    String own = STAMP.format(startedAt) + "_";
    List<String> earlier = store.list(FOLDER).stream()
        .filter(uri -> ReportStore.name(uri).endsWith(".json"))
        .filter(uri -> ReportStore.name(uri).compareTo(own) < 0)
        .filter(uri -> !ReportStore.name(uri).equals(name(startedAt, id)))
        .toList();
    if (earlier.isEmpty()) {
      return null;
    }
    String latest = earlier.get(earlier.size() - 1);
    ReportStore.Read read = store.read(latest);
    if (!read.found()) {
      return new PreviousRestoreAThon(null, null, "previous restore-a-thon index entry " + latest + ": " + read.problem());
    }
    RestoreAThonReport.Previous entry;
    try {
      entry = json.readValue(read.bytes(), RestoreAThonReport.Previous.class);
    } catch (IOException e) {
      return new PreviousRestoreAThon(null, null, "previous restore-a-thon index entry " + latest
          + ": unreadable (" + e.getMessage() + ")");
    }
    String why = "previous restore-a-thon " + entry.restoreAThonId() + " (" + entry.report() + "): ";
    ReportStore.Read report = store.read(entry.report());
    if (!report.found()) {
      return new PreviousRestoreAThon(entry, null, why + report.problem() + "; no RPO/RTO changes shown");
    }
    String digest = Sha256.hex(report.bytes());
    if (!digest.equals(entry.sha256())) {
      return new PreviousRestoreAThon(entry, null, why + "its SHA-256 is " + digest + ", not the " + entry.sha256()
          + " recorded when it was written: changed since; no RPO/RTO changes shown");
    }
    try {
      return new PreviousRestoreAThon(entry, json.readValue(report.bytes(), RestoreAThonReport.class), null);
    } catch (IOException e) {
      return new PreviousRestoreAThon(entry, null, why + "unreadable (" + e.getMessage() + ")");
    }
  }

  static String name(Instant startedAt, String id) {
    return STAMP.format(startedAt) + "_" + ReportStore.safe(id) + ".json";
  }
}
