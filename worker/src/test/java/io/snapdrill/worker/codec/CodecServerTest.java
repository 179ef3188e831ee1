package io.snapdrill.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.ChainCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Temporal's remote codec protocol, as the UI calls it from a browser: preflight, then POST /decode. */
class CodecServerTest {
  private static final String UI = "https://temporal.example.com";
  private final HttpClient http = HttpClient.newHttpClient();
  private PayloadKeyring keys;
  private CodecServer server;

  @BeforeEach
  void start() throws Exception {
    keys = PayloadKeyring.parse("test", "k1=" + PayloadEncryptionTest.key());
    server = CodecServer.start("127.0.0.1", 0, PayloadCodecs.chain(keys), UI, "s3cret");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").header("X-Namespace", "default")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void decodesWhatTheWorkersEncoded() throws Exception {
    Payload plain = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("{\"bucket\":\"logs-prod-snapshots\"}")).build();
    List<Payload> stored = new ChainCodec(PayloadCodecs.chain(keys)).encode(List.of(plain));
    String body = JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(stored));

    HttpResponse<String> decoded = post("/decode", body, "Bearer s3cret");

    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(decoded.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    Payloads.Builder payloads = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded.body(), payloads);
    assertThat(payloads.getPayloadsList()).containsExactly(plain);

    HttpResponse<String> encoded = post("/encode", JsonFormat.printer().print(Payloads.newBuilder().addPayloads(plain)),
        "Bearer s3cret");
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.body()).doesNotContain(plain.getData().toStringUtf8()).contains("\"encoding\"");
  }

  @Test
  void withoutKeysItDecompressesWhatKeylessWorkersCompressed() throws Exception {
    server.close();
    server = CodecServer.start("127.0.0.1", 0, PayloadCodecs.chain(null), UI, "s3cret");
    Payload plain = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("[" + "{\"bucket\":\"logs-prod-snapshots\"},".repeat(200) + "{}]")).build();
    List<Payload> stored = new ChainCodec(PayloadCodecs.chain(null)).encode(List.of(plain));
    assertThat(stored.get(0).getMetadataOrThrow("encoding")).isEqualTo(ZstdPayloadCodec.ENCODING);

    HttpResponse<String> decoded = post("/decode", JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(stored)),
        "Bearer s3cret");

    assertThat(decoded.statusCode()).isEqualTo(200);
    Payloads.Builder payloads = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded.body(), payloads);
    assertThat(payloads.getPayloadsList()).containsExactly(plain);
  }

  @Test
  void answersTheBrowsersPreflightAndRefusesCallsWithoutTheToken() throws Exception {
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/decode"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", UI)
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("X-Namespace", "Authorization");

    assertThat(post("/decode", "{\"payloads\":[]}", null).statusCode()).isEqualTo(401);
    assertThat(post("/decode", "{\"payloads\":[]}", "Bearer wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> notJson = post("/decode", "payloads please", "Bearer s3cret");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("body is not JSON Payloads");
  }
}
