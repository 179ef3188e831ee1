package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.StoredEvidence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * VERIFY's verdicts as they are judged, kept so that a retried attempt resumes after them while the
 * heartbeat stays small: every {@link #BATCH} verdicts go to the report store as one batch that names the
 * batch before it, and the heartbeat ({@link #progress()}) carries only the last batch's
 * {@link StoredEvidence} and the verdicts since. Writing each batch once, never the whole list again,
 * keeps the bytes written proportional to the indices.
 *
 * <p>A batch is named by the attempt that wrote it and how many verdicts come before it, so no attempt
 * writes over another's: the SDK sends heartbeats only every so often (the server may hold details older
 * than the last batch written), and an attempt that outlived its heartbeat timeout may still be writing
 * while its retry runs.
 */
final class VerdictLog {
  /** Verdicts a heartbeat carries at most before they are stored. */
  static final int BATCH = 20;

  private static final TypeReference<List<Batch>> BATCHES = new TypeReference<>() {};

  /**
   * One stored batch.
   *
   * @param previous the batch before this one, or null for the first
   */
  public record Batch(StoredEvidence previous, List<IndexVerdict> verdicts) {}

  private final EvidenceStore store;
  private final String run;
  private final int attempt;
  private final List<IndexVerdict> verdicts;
  private final Set<String> judged = new HashSet<>();
  private StoredEvidence lastStored;
  private int storedCount;
  private int failedCount;

  private VerdictLog(EvidenceStore store, String run, int attempt, List<IndexVerdict> storedVerdicts, StoredEvidence lastStored) {
    this.store = store;
    this.run = run;
    this.attempt = attempt;
    this.verdicts = new ArrayList<>();
    this.lastStored = lastStored;
    storedVerdicts.forEach(this::remember);
    this.storedCount = storedVerdicts.size();
  }

  /**
   * The log attempt {@code attempt} starts from: what {@code progress} (the last heartbeat the server kept)
   * holds, read back from the store.
   */
  static VerdictLog resume(VerifyProgress progress, EvidenceStore store, String run, int attempt) {
    List<IndexVerdict> stored = progress.stored() == null ? List.of() : readBack(progress.stored(), store);
    VerdictLog log = new VerdictLog(store, run, attempt, stored, progress.stored());
    progress.verdicts().forEach(log::remember);
    return log;
  }

  /** Every stored batch, oldest first, each checked against the digest the batch after it recorded. */
  private static List<IndexVerdict> readBack(StoredEvidence last, EvidenceStore store) {
    List<List<IndexVerdict>> batches = new ArrayList<>();
    for (StoredEvidence next = last; next != null; ) {
      Batch batch = store.read(next, BATCHES).get(0);
      batches.add(batch.verdicts());
      next = batch.previous();
    }
    Collections.reverse(batches);
    return batches.stream().flatMap(List::stream).toList();
  }

  private void remember(IndexVerdict verdict) {
    verdicts.add(verdict);
    judged.add(verdict.index());
    if (!verdict.passed()) {
      failedCount++;
    }
  }

  void add(IndexVerdict verdict) {
    remember(verdict);
    if (verdicts.size() - storedCount >= BATCH) {
      List<IndexVerdict> batch = List.copyOf(verdicts.subList(storedCount, verdicts.size()));
      lastStored = store.put(run, "verification-progress-" + attempt + "-" + storedCount, List.of(new Batch(lastStored, batch)));
      storedCount = verdicts.size();
    }
  }

  /** What to heartbeat: the last stored batch, the verdicts since and the counts. */
  VerifyProgress progress() {
    return new VerifyProgress(verdicts.subList(storedCount, verdicts.size()), lastStored, verdicts.size(), failedCount);
  }

  /** Every verdict so far, in the order judged. */
  List<IndexVerdict> verdicts() {
    return List.copyOf(verdicts);
  }

  /** The indices judged so far (restored names). */
  Set<String> judged() {
    return Set.copyOf(judged);
  }
}
