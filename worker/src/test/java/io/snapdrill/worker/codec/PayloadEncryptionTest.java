package io.snapdrill.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.payload.codec.ChainCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.worker.Worker;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Histories on a shared Temporal cluster hold ciphertext; the keys decode them, across a key rotation. */
class PayloadEncryptionTest {
  private static final String SECRET = "bucket logs-prod-snapshots, key prod/logs/index-8, host 10.0.3.7";

  @WorkflowInterface
  public interface EchoWorkflow {
    @WorkflowMethod
    String echo(String text);
  }

  public static class EchoWorkflowImpl implements EchoWorkflow {
    @Override
    public String echo(String text) {
      return text;
    }
  }

  static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static Payload plain(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("\"" + text + "\"")).build();
  }

  @Test
  void theEmbeddedServiceStoresCiphertextAndTheClientReadsItsResult() {
    try (TemporalConnection temporal = TemporalConnection.embedded("snapdrill-codec-test", null,
        PayloadKeyring.parse("test", "k1=" + key()))) {
      Worker worker = temporal.factory().newWorker(temporal.taskQueue());
      worker.registerWorkflowImplementationTypes(EchoWorkflowImpl.class);
      temporal.factory().start();
      EchoWorkflow echo = temporal.client().newWorkflowStub(EchoWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(temporal.taskQueue()).setWorkflowId("echo").build());

      assertThat(echo.echo(SECRET)).isEqualTo(SECRET);

      // what the server holds, read without the client's codecs
      var history = temporal.service().blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest
          .newBuilder().setNamespace(temporal.namespace())
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId("echo")).build()).getHistory();
      var input = history.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
      assertThat(input.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
      assertThat(input.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("k1");
      assertThat(history.toByteString().toStringUtf8()).doesNotContain("logs-prod-snapshots", "10.0.3.7");
    }
  }

  @Test
  void aRotatedKeyringDecryptsOldPayloadsAndEncryptsWithTheNewKey() {
    String oldKey = key();
    ChainCodec before = new ChainCodec(PayloadCodecs.chain(PayloadKeyring.parse("test", "2026-q3=" + oldKey)));
    List<Payload> sealed = before.encode(List.of(plain(SECRET)));

    ChainCodec after = new ChainCodec(PayloadCodecs.chain(
        PayloadKeyring.parse("test", "# rotated\n2026-q4=" + key() + "\n2026-q3=" + oldKey + "\n")));

    assertThat(after.decode(sealed)).containsExactly(plain(SECRET));
    assertThat(after.encode(List.of(plain(SECRET))).get(0).getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8())
        .isEqualTo("2026-q4");
    // payloads written before encryption was turned on still read
    assertThat(after.decode(List.of(plain("older")))).containsExactly(plain("older"));
  }

  @Test
  void aPayloadOfAKeyTheKeyringLacksOrAlteredDataIsAClearError() {
    List<Payload> sealed = new EncryptionCodec(PayloadKeyring.parse("test", "gone=" + key())).encode(List.of(plain(SECRET)));
    EncryptionCodec other = new EncryptionCodec(PayloadKeyring.parse("test", "k2=" + key()));

    assertThatThrownBy(() -> other.decode(sealed)).isInstanceOf(PayloadCodecException.class)
        .hasRootCauseMessage("a payload is encrypted with key 'gone', which the keyring [k2] does not hold: add that key"
            + " (after the current one) to SNAPDRILL_PAYLOAD_KEYS or the --payload-keys-file");

    Payload relabelled = sealed.get(0).toBuilder().putMetadata(EncryptionCodec.KEY_ID, ByteString.copyFromUtf8("k2")).build();
    assertThatThrownBy(() -> other.decode(List.of(relabelled))).isInstanceOf(PayloadCodecException.class)
        .cause().hasMessageStartingWith("a payload encrypted with key 'k2' does not decrypt (another key under that id,"
            + " or altered data)");
  }

  @Test
  void aBadKeyringNamesTheEntryAtFault() {
    assertThatThrownBy(() -> PayloadKeyring.parse("environment variable K", "k1"))
        .hasMessage("environment variable K: entry 1 is not id=base64key");
    assertThatThrownBy(() -> PayloadKeyring.parse("environment variable K", "k1=" + key() + ",k2=c2hvcnQ="))
        .hasMessage("environment variable K: key 'k2' has 5 bytes; AES-256 needs 32 (e.g. `openssl rand -base64 32`)");
    assertThatThrownBy(() -> PayloadKeyring.parse("environment variable K", "k1=not base64!"))
        .hasMessageStartingWith("environment variable K: key 'k1' is not base64");
    assertThatThrownBy(() -> PayloadKeyring.parse("environment variable K", "k1=" + key() + "\nk1=" + key()))
        .hasMessage("environment variable K: key id 'k1' appears twice");
    assertThatThrownBy(() -> PayloadKeyring.parse("environment variable K", "# nothing\n"))
        .hasMessage("environment variable K: holds no key (id=base64key, the first one encrypts)");
  }
}
