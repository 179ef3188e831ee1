package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.worker.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * After a Rewind-style incident: a dry run names the hidden blobs and changes nothing; the approved heal
 * removes exactly their delete markers (stacked ones too), the blobs read again, and the heal record says
 * what was removed, what came back and who approved it. On a real Elasticsearch 8.19 repository in a
 * versioned bucket of the local S3 server.
 */
class HealCommandTest {
  private static final String PREFIX = "es/prod/";

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;

  @BeforeEach
  void capture() {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    // the command's clients use the SDK's default credential chain; the local server takes any key
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static boolean readable(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException hidden) {
      return false;
    }
  }

  @Test
  void aDryRunChangesNothingAndTheApprovedHealBringsTheBlobBackWithARecord() throws Exception {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("heal-cli");
    server.createVersionedBucket(s3, bucket);
    // a copy: from another module the fixtures sit inside the activities test-jar
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    RepositoryBuckets.upload(s3, repo, bucket, PREFIX);
    String hidden = PREFIX + FixtureRepositories.indexMetadataNeededBy(repo, "snap-1");
    s3.deleteObject(b -> b.bucket(bucket).key(hidden));
    s3.deleteObject(b -> b.bucket(bucket).key(hidden)); // a second expiry stacks a second marker
    String[] where = {"s3://" + bucket + "/" + PREFIX, "--endpoint", server.endpoint().toString(), "--path-style"};

    assertThat(SnapdrillCommand.execute(concat(new String[] {"heal"}, where, new String[] {"--dry-run"})))
        .as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("would heal " + hidden, "snap-1", "1 of 1 hidden blobs can be healed");
    assertThat(readable(s3, bucket, hidden)).as("a dry run changes nothing").isFalse();

    Path record = dir.resolve("heal.json");
    assertThat(SnapdrillCommand.execute(concat(new String[] {"heal"}, where,
        new String[] {"--approve", "alice", "--record", record.toString()}))).isEqualTo(ExitCode.PASSED);

    assertThat(readable(s3, bucket, hidden)).isTrue();
    JsonNode written = new ObjectMapper().readTree(record.toFile());
    assertThat(written.path("bucket").asText()).isEqualTo(bucket);
    assertThat(written.path("approvedBy").asText()).isEqualTo("alice");
    assertThat(written.path("healedAt").asText()).isNotBlank();
    JsonNode healed = written.path("healed").get(0);
    assertThat(healed.path("key").asText()).isEqualTo(hidden);
    assertThat(healed.path("markerVersionIds")).hasSize(2);
    assertThat(healed.path("versionBroughtBack").asText()).isNotBlank();
    assertThat(healed.path("snapshots").toString()).contains("snap-1");

    // healed: nothing left to do, and inspect-repo agrees
    assertThat(SnapdrillCommand.execute(concat(new String[] {"heal"}, where, new String[] {"--dry-run"}))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing to heal");
    assertThat(SnapdrillCommand.execute(concat(new String[] {"inspect-repo"}, where, new String[] {}))).isZero();
  }

  @Test
  void badInputIsNamed() {
    assertThat(SnapdrillCommand.execute("heal", "s3://b/p")).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give exactly one of --dry-run and --approve NAME");
    assertThat(SnapdrillCommand.execute("heal", "/var/repo", "--dry-run")).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("heal works on a bucket, s3://bucket/prefix");
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
