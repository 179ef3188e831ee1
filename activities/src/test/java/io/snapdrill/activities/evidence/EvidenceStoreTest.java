package io.snapdrill.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.model.BlobProblem;
import io.snapdrill.model.BlobProblemKind;
import io.snapdrill.model.StoredEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The report store for evidence too large for a payload: a directory, and a bucket on a real S3-compatible server. */
class EvidenceStoreTest {
  private static final TypeReference<List<BlobProblem>> PROBLEMS = new TypeReference<>() {};

  @TempDir Path tmp;

  @Test
  void aDirectoryHoldsEveryItemUnderItsDigest() throws Exception {
    EvidenceStore store = EvidenceStore.inDirectory(tmp);
    List<BlobProblem> problems = problems(20_000);

    StoredEvidence stored = store.put("drill-prod-1", "replica-check-3-problems", problems);

    Path file = tmp.resolve("drill-prod-1/evidence/replica-check-3-problems.json");
    assertThat(stored.uri()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(stored.count()).isEqualTo(20_000);
    assertThat(stored.sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
    assertThat(store.read(stored, PROBLEMS)).isEqualTo(problems);
  }

  @Test
  void aChangedFileIsAClearError() throws Exception {
    EvidenceStore store = EvidenceStore.inDirectory(tmp);
    StoredEvidence stored = store.put("drill-prod-1", "problems", problems(3));
    Path file = Path.of(stored.uri());
    Files.writeString(file, Files.readString(file).replace("missing-1", "missing-9"));

    assertThatThrownBy(() -> store.read(stored, PROBLEMS))
        .isInstanceOf(EvidenceMismatchException.class)
        .hasMessageContaining(stored.uri())
        .hasMessageContaining(stored.sha256())
        .hasMessageContaining("changed or replaced");
  }

  @Test
  void theReportsBucketHoldsItBesideTheReports() throws Exception {
    S3Client s3 = S3MockServer.shared().client();
    s3.createBucket(b -> b.bucket("snapdrill-evidence-reports"));
    EvidenceStore store = EvidenceStore.inBucket(s3, "snapdrill-evidence-reports", "/reports/2026/");
    List<BlobProblem> problems = problems(2_000);

    StoredEvidence stored = store.put("drill-prod-1", "replica-check-1-problems", problems);

    assertThat(stored.uri()).isEqualTo("s3://snapdrill-evidence-reports/reports/2026/drill-prod-1/evidence/replica-check-1-problems.json");
    byte[] object = s3.getObjectAsBytes(b -> b.bucket("snapdrill-evidence-reports")
        .key("reports/2026/drill-prod-1/evidence/replica-check-1-problems.json")).asByteArray();
    assertThat(stored.sha256()).isEqualTo(sha256(object));
    assertThat(store.read(stored, PROBLEMS)).isEqualTo(problems);

    s3.putObject(b -> b.bucket("snapdrill-evidence-reports").key("reports/2026/drill-prod-1/evidence/replica-check-1-problems.json"),
        RequestBody.fromString("[]", StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.read(stored, PROBLEMS)).isInstanceOf(EvidenceMismatchException.class)
        .hasMessageContaining(stored.uri());
  }

  static List<BlobProblem> problems(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new BlobProblem("replica", "es/prod/indices/x/0/__missing-" + i, BlobProblemKind.MISSING, 1024, 0))
        .toList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
