package io.snapdrill.worker.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.BlobArchivedException;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.repository.RepositoryCheck;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobFinding;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobState;
import io.snapdrill.activities.repository.RepositoryVerdict.SharedProblem;
import io.snapdrill.activities.repository.RepositoryVerdict.SnapshotVerdict;
import io.snapdrill.activities.repository.RepositoryVerdict;
import io.snapdrill.model.HumanDuration;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.cli.S3LocationOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code snapdrill inspect-repo LOCATION [--snapshot NAME [--all]] [--json]}: which snapshots one copy
 * of a repository (a directory, or s3://bucket/prefix) can restore, judged from one listing of it.
 * Without {@code --snapshot} every snapshot in one pass: a line each, the blobs that break several
 * snapshots named once, and the newest restorable snapshot with its age (for the replica bucket, the
 * disaster-recovery RPO as it stands). With it, that snapshot's problem blobs (every blob with
 * {@code --all}).
 */
public final class RepositoryInspection {

  private RepositoryInspection() {}

  /**
   * @param location a directory, or {@code s3://bucket[/prefix]}
   * @param endpoint an S3-compatible endpoint, or null for AWS
   * @param region the bucket's region (AWS needs it; any value for most S3-compatible servers)
   */
  public static BlobStore store(String location, String endpoint, String region, boolean pathStyle, AwsClients aws) {
    if (location.startsWith("s3://")) {
      return S3BlobStore.of(aws, S3LocationOptions.bucket(location, endpoint, region, pathStyle));
    }
    return new DirectoryBlobStore(Path.of(location));
  }

  /**
   * What to inspect and how to print it.
   *
   * @param snapshot a snapshot name or uuid to check blob by blob, or null for every snapshot
   * @param everyBlob with a snapshot: list present blobs too, not only problems
   * @param json print JSON instead of text
   */
  public record Options(String snapshot, boolean everyBlob, boolean json) {}

  /** Text output lists at most this many blobs per group; {@code --json} lists all. */
  static final int LISTED_BLOBS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Prints the findings to {@code out}, or to {@code err} when the input was bad; returns the {@link ExitCode}.
   *
   * @param now the time snapshot ages are measured to
   */
  public static int run(BlobStore store, Options options, Instant now, PrintWriter out, PrintWriter err) {
    if (options.everyBlob() && options.snapshot() == null) {
      err.println("error: --all lists every blob of one snapshot; give --snapshot NAME as well");
      err.flush();
      return ExitCode.BAD_INPUT;
    }
    List<String> lines = new ArrayList<>();
    ObjectNode json = JSON.createObjectNode();
    int exitCode;
    try {
      RepositoryCheck check = RepositoryCheck.read(store);
      if (options.snapshot() == null) {
        RepositoryVerdict verdict = check.all();
        exitCode = verdict.allRestorable() ? ExitCode.PASSED : ExitCode.FAILED;
        if (options.json()) {
          json = wholeJson(verdict, now);
        } else {
          wholeText(verdict, now, lines);
        }
      } else {
        SnapshotVerdict verdict = check.snapshot(options.snapshot(), options.everyBlob());
        // asked about one snapshot, a FAILED one is an answer too: it cannot be restored
        exitCode = verdict.restorable() ? ExitCode.PASSED : ExitCode.FAILED;
        if (options.json()) {
          json = snapshotJson(check, verdict, now);
        } else {
          snapshotText(check, verdict, options.everyBlob(), lines);
        }
      }
    } catch (RepositoryFormatException e) {
      // with a key: a damaged blob (a finding); without: no repository there, or no such snapshot
      exitCode = e.key() != null ? ExitCode.FAILED : ExitCode.BAD_INPUT;
      return error(store, e.getMessage(), exitCode, options, out, err);
    } catch (BlobNotFoundException | BlobArchivedException e) {
      return error(store, e.getMessage(), ExitCode.FAILED, options, out, err);
    } catch (SdkException e) {
      return error(store, store.locate("") + ": " + e.getMessage(), ExitCode.BAD_INPUT, options, out, err);
    } catch (UncheckedIOException e) {
      return error(store, e.getMessage(), ExitCode.BAD_INPUT, options, out, err);
    }
    if (options.json()) {
      out.println(json.toPrettyString());
    } else {
      lines.forEach(out::println);
    }
    out.flush();
    return exitCode;
  }

  /** Bad input goes to stderr as a line; a damaged repository is a finding, so with --json it is JSON on stdout. */
  private static int error(BlobStore store, String message, int exitCode, Options options, PrintWriter out,
      PrintWriter err) {
    if (exitCode == ExitCode.FAILED && options.json()) {
      ObjectNode json = JSON.createObjectNode();
      json.put("location", store.locate(""));
      json.put("restorable", false);
      json.put("error", message);
      out.println(json.toPrettyString());
      out.flush();
      return exitCode;
    }
    PrintWriter to = exitCode == ExitCode.BAD_INPUT ? err : out;
    to.println("error: " + message);
    to.flush();
    return exitCode;
  }

  private static void header(RepositoryCheck check, List<String> lines) {
    lines.add("Repository " + check.location() + " (root " + check.root().key() + ", " + check.data().snapshots().size()
        + " snapshots" + (check.versionsKnown() ? ", listed with versions" : "") + ")");
    check.notes().forEach(n -> lines.add("note: " + n));
  }

  private static void wholeText(RepositoryVerdict verdict, Instant now, List<String> lines) {
    lines.add("Repository " + verdict.location() + " (root " + verdict.rootKey() + ", " + verdict.snapshots().size()
        + " snapshots" + (verdict.versionsKnown() ? ", listed with versions" : "") + ")");
    verdict.notes().forEach(n -> lines.add("note: " + n));
    int nameWidth = Math.max(8, verdict.snapshots().stream().mapToInt(s -> s.name().length()).max().orElse(8));
    for (SnapshotVerdict snapshot : verdict.snapshots()) {
      lines.add(String.format("  %-" + nameWidth + "s  %-24s  %-20s  %-14s  %s", snapshot.name(), snapshot.uuid(),
          started(snapshot), restorability(snapshot), summary(verdict, snapshot)));
      List<BlobFinding> own = verdict.ownProblems(snapshot);
      blobLines(own, "      ", lines);
    }
    if (!verdict.sharedProblems().isEmpty()) {
      lines.add("");
      lines.add("Blobs that break several snapshots:");
      int listed = 0;
      for (SharedProblem shared : verdict.sharedProblems()) {
        if (listed++ == LISTED_BLOBS) {
          lines.add("  ... and " + (verdict.sharedProblems().size() - LISTED_BLOBS) + " more (--json lists them all)");
          break;
        }
        lines.add("  " + blobLine(shared.blob()));
        lines.add("      breaks " + shared.snapshots().size() + " snapshots: " + String.join(", ", shared.snapshots()));
      }
    }
    lines.add("");
    Optional<SnapshotVerdict> newest = verdict.newestRestorable();
    lines.add(newest.map(s -> "Newest restorable snapshot: " + s.name() + " [" + s.uuid() + "]"
            + (s.startTimeMillis() == null ? " (its start time is not recorded)"
                : ", started " + Instant.ofEpochMilli(s.startTimeMillis()) + ", "
                    + HumanDuration.of(Duration.between(Instant.ofEpochMilli(s.startTimeMillis()), now)) + " ago"))
        .orElse("No snapshot can be restored from this copy."));
    List<SnapshotVerdict> broken = verdict.notRestorable();
    long judged = verdict.snapshots().stream().filter(SnapshotVerdict::judged).count();
    lines.add(broken.isEmpty() ? "All " + judged + " snapshots can be restored from this copy."
        : broken.size() + " of " + judged + " snapshots cannot be restored from this copy: "
            + String.join(", ", broken.stream().map(SnapshotVerdict::name).toList()) + ".");
    if (!verdict.versionsKnown() && verdict.snapshots().stream().anyMatch(s -> s.count(BlobState.MISSING) > 0)) {
      lines.add("(no version listing here: delete markers cannot be told apart from missing blobs)");
    }
  }

  private static String started(SnapshotVerdict snapshot) {
    return snapshot.startTimeMillis() == null ? "start not recorded"
        : Instant.ofEpochMilli(snapshot.startTimeMillis()).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String restorability(SnapshotVerdict snapshot) {
    if (!snapshot.judged()) {
      return snapshot.state().name();
    }
    return snapshot.restorable() ? "restorable" : "NOT RESTORABLE";
  }

  private static String summary(RepositoryVerdict verdict, SnapshotVerdict snapshot) {
    if (!snapshot.judged()) {
      return "the snapshot itself " + (snapshot.state() == RepositoryData.State.FAILED ? "failed" : "is incompatible")
          + ": never restorable, not judged";
    }
    if (snapshot.restorable()) {
      return snapshot.requiredBlobs() + " blobs, " + snapshot.requiredBytes() + " bytes";
    }
    List<String> parts = new ArrayList<>();
    for (BlobState state : BlobState.values()) {
      long count = snapshot.count(state);
      if (state != BlobState.PRESENT && count > 0) {
        parts.add(count + " " + stateText(state).toLowerCase(Locale.ROOT));
      }
    }
    long shared = snapshot.problems().size() - verdict.ownProblems(snapshot).size();
    String text = String.join(", ", parts) + (shared > 0 ? " (" + shared + " shared, below)" : "");
    return snapshot.complete() ? text : text + "; what lies under that blob is unknown until it is readable";
  }

  private static void blobLines(List<BlobFinding> blobs, String indent, List<String> lines) {
    for (int i = 0; i < blobs.size(); i++) {
      if (i == LISTED_BLOBS) {
        lines.add(indent + "... and " + (blobs.size() - LISTED_BLOBS) + " more (--json or --snapshot NAME lists them all)");
        return;
      }
      lines.add(indent + blobLine(blobs.get(i)));
    }
  }

  private static String blobLine(BlobFinding blob) {
    String state = stateText(blob.state()) + (blob.state() == BlobState.WRONG_SIZE ? " (" + blob.actualSize() + ")" : "");
    String line = String.format("%-26s %-17s %12s  %s", state, blob.need(),
        blob.expectedSize() < 0 ? "?" : Long.toString(blob.expectedSize()), blob.objectKey());
    return blob.detail() == null ? line : line + "  (" + blob.detail() + ")";
  }

  private static String stateText(BlobState state) {
    return switch (state) {
      case PRESENT -> "present";
      case MISSING -> "MISSING";
      case WRONG_SIZE -> "WRONG SIZE";
      case HIDDEN_BY_DELETE_MARKER -> "HIDDEN BY DELETE MARKER";
      case ARCHIVED -> "ARCHIVED (restore it first)";
      case CORRUPT -> "CORRUPT";
    };
  }

  private static void snapshotText(RepositoryCheck check, SnapshotVerdict verdict, boolean everyBlob, List<String> lines) {
    header(check, lines);
    lines.add("");
    if (!verdict.judged()) {
      lines.add("Snapshot " + verdict.name() + " [" + verdict.uuid() + "] is " + verdict.state()
          + ": the snapshot itself never completed, so there is nothing to restore and nothing to check.");
      return;
    }
    List<BlobFinding> problems = verdict.problems();
    lines.add("Snapshot " + verdict.name() + " [" + verdict.uuid() + "] needs "
        + (verdict.complete() ? verdict.requiredBlobs() + " blobs, " + verdict.requiredBytes() + " bytes"
            : "blobs this copy cannot tell (a metadata blob is unreadable)") + ":");
    if (everyBlob || !problems.isEmpty()) {
      lines.add(String.format("  %-26s %-17s %12s  %s", "status", "need", "bytes", "key"));
      (everyBlob ? verdict.blobs() : problems).forEach(b -> lines.add("  " + blobLine(b)));
    }
    if (verdict.restorable()) {
      lines.add("All " + verdict.requiredBlobs() + " blobs are present with the expected sizes.");
    } else if (verdict.complete()) {
      lines.add(problems.size() + " of " + verdict.requiredBlobs() + " blobs are missing, hidden, archived or of the"
          + " wrong size: a restore of " + verdict.name() + " fails.");
    } else {
      lines.add("A metadata blob of " + verdict.name() + " cannot be read: a restore of it fails.");
    }
    if (!check.versionsKnown()) {
      lines.add("(no version listing here: delete markers cannot be told apart from missing blobs)");
    }
  }

  private static ObjectNode wholeJson(RepositoryVerdict verdict, Instant now) {
    ObjectNode json = JSON.createObjectNode();
    json.put("location", verdict.location());
    json.put("root", verdict.rootKey());
    json.put("rootGeneration", verdict.rootGeneration());
    json.put("versionsListed", verdict.versionsKnown());
    verdict.notes().forEach(json.putArray("notes")::add);
    json.put("checkedAt", now.toString());
    json.put("allRestorable", verdict.allRestorable());
    Optional<SnapshotVerdict> newest = verdict.newestRestorable();
    if (newest.isPresent()) {
      ObjectNode n = json.putObject("newestRestorable");
      n.put("name", newest.get().name());
      n.put("uuid", newest.get().uuid());
      startAndAge(n, newest.get(), now);
    } else {
      json.putNull("newestRestorable");
    }
    ArrayNode snapshots = json.putArray("snapshots");
    for (SnapshotVerdict snapshot : verdict.snapshots()) {
      ObjectNode s = snapshotNode(snapshot, now);
      s.put("sharedProblems", snapshot.problems().size() - verdict.ownProblems(snapshot).size());
      ArrayNode problems = s.putArray("problems");
      verdict.ownProblems(snapshot).forEach(b -> problems.add(blobNode(b)));
      snapshots.add(s);
    }
    ArrayNode shared = json.putArray("blobsBreakingSeveralSnapshots");
    for (SharedProblem problem : verdict.sharedProblems()) {
      ObjectNode b = blobNode(problem.blob());
      problem.snapshots().forEach(b.putArray("breaks")::add);
      shared.add(b);
    }
    return json;
  }

  private static ObjectNode snapshotJson(RepositoryCheck check, SnapshotVerdict verdict, Instant now) {
    ObjectNode json = JSON.createObjectNode();
    json.put("location", check.location());
    json.put("root", check.root().key());
    json.put("rootGeneration", check.root().generation());
    json.put("versionsListed", check.versionsKnown());
    check.notes().forEach(json.putArray("notes")::add);
    json.put("checkedAt", now.toString());
    ObjectNode s = snapshotNode(verdict, now);
    ArrayNode blobs = s.putArray("blobs");
    verdict.blobs().forEach(b -> blobs.add(blobNode(b)));
    json.set("snapshot", s);
    return json;
  }

  private static ObjectNode snapshotNode(SnapshotVerdict snapshot, Instant now) {
    ObjectNode s = JSON.createObjectNode();
    s.put("name", snapshot.name());
    s.put("uuid", snapshot.uuid());
    s.put("state", snapshot.state().name());
    startAndAge(s, snapshot, now);
    s.put("judged", snapshot.judged());
    s.put("restorable", snapshot.restorable());
    s.put("requiredBlobsKnown", snapshot.complete());
    s.put("requiredBlobs", snapshot.requiredBlobs());
    s.put("requiredBytes", snapshot.requiredBytes());
    ObjectNode counts = s.putObject("problemCounts");
    for (BlobState state : BlobState.values()) {
      if (state != BlobState.PRESENT) {
        counts.put(state.name(), snapshot.count(state));
      }
    }
    return s;
  }

  private static void startAndAge(ObjectNode node, SnapshotVerdict snapshot, Instant now) {
    if (snapshot.startTimeMillis() == null) {
      node.putNull("startTime");
      node.putNull("ageSeconds");
    } else {
      Instant start = Instant.ofEpochMilli(snapshot.startTimeMillis());
      node.put("startTime", start.toString());
      node.put("ageSeconds", Duration.between(start, now).toSeconds());
    }
  }

  private static ObjectNode blobNode(BlobFinding blob) {
    ObjectNode b = JSON.createObjectNode();
    b.put("key", blob.objectKey());
    b.put("need", blob.need().name());
    b.put("status", blob.state().name());
    if (blob.expectedSize() >= 0) {
      b.put("expectedSize", blob.expectedSize());
    } else {
      b.putNull("expectedSize");
    }
    if (blob.actualSize() >= 0) {
      b.put("actualSize", blob.actualSize());
    } else {
      b.putNull("actualSize");
    }
    if (blob.detail() != null) {
      b.put("detail", blob.detail());
    }
    return b;
  }
}
