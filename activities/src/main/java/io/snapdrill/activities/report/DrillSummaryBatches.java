package io.snapdrill.activities.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.model.DrillSummary;
import io.snapdrill.model.StoredEvidence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The drills' summaries in the report store, a batch at a time: a JSON array of {@link DrillSummary}
 * (Jackson) at {@code <restore-a-thon id>/drill-summaries-<batch>.json}. The restore-a-thon's history
 * then holds one {@link StoredEvidence} per batch instead of thousands of summaries.
 */
public final class DrillSummaryBatches {
  private static final TypeReference<List<DrillSummary>> LIST = new TypeReference<>() {};

  /** What the batches held, and each one that could not be used as stored. */
  public record Read(List<DrillSummary> summaries, List<String> problems) {}

  private final ReportStore store;
  private final ObjectMapper json;

  public DrillSummaryBatches(ReportStore store) {
    this.store = store;
    this.json = ReportActivitiesImpl.jsonMapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Stores one batch (again, identically, on a retry) and answers where it is, its digest and size. */
  public StoredEvidence store(String restoreAThonId, int batch, List<DrillSummary> summaries) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(summaries);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write drill summaries: " + e.getMessage(), e);
    }
    String uri = store.write(restoreAThonId, String.format(java.util.Locale.ROOT, "drill-summaries-%04d.json", batch),
        bytes, "application/json");
    return new StoredEvidence(uri, Sha256.hex(bytes), summaries.size());
  }

  /**
   * Reads every batch. A batch that is missing or unreadable is a problem and adds nothing; one whose
   * digest or count differs from what the workflow recorded is still read (its drills' own reports are
   * checked one by one) but named as a problem: it is not the batch the workflow stored.
   */
  public Read read(List<StoredEvidence> batches) {
    List<DrillSummary> all = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (StoredEvidence batch : batches == null ? List.<StoredEvidence>of() : batches) {
      ReportStore.Read read = store.read(batch.uri());
      if (!read.found()) {
        problems.add("drill summary batch " + batch.uri() + " (" + batch.count() + " drills): " + read.problem()
            + "; its drills are not in this report");
        continue;
      }
      String digest = Sha256.hex(read.bytes());
      List<DrillSummary> summaries;
      try {
        summaries = json.readValue(read.bytes(), LIST);
      } catch (IOException e) {
        problems.add("drill summary batch " + batch.uri() + ": unreadable (" + e.getMessage()
            + "); its drills are not in this report");
        continue;
      }
      if (!digest.equals(batch.sha256())) {
        problems.add("drill summary batch " + batch.uri() + ": SHA-256 " + digest + " differs from the " + batch.sha256()
            + " the restore-a-thon recorded (changed since it was stored)");
      } else if (summaries.size() != batch.count()) {
        problems.add("drill summary batch " + batch.uri() + ": holds " + summaries.size() + " drills, the restore-a-thon"
            + " recorded " + batch.count());
      }
      all.addAll(summaries);
    }
    return new Read(all, problems);
  }
}
