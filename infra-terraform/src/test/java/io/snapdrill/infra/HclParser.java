package io.snapdrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Parses .tf files with HashiCorp's HCL parser (the {@code @cdktf/hcl2json} WebAssembly build, run by
 * {@code checks/hcl2json.js} under Node.js), so the checks need neither Terraform nor a provider.
 */
final class HclParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One file: its JSON form (the shape {@code hcl2json} prints) or the parser's error. */
  record ParsedFile(Path file, JsonNode json, String error) {
    boolean parsed() {
      return error == null;
    }
  }

  private final Path checksDir;

  HclParser(Path checksDir) {
    this.checksDir = checksDir;
  }

  static HclParser fromBuild() {
    return new HclParser(Path.of(System.getProperty("snapdrill.checks.dir", "checks")).toAbsolutePath());
  }

  List<ParsedFile> parse(List<Path> files) {
    if (!Files.isDirectory(checksDir.resolve("node_modules").resolve("@cdktf").resolve("hcl2json"))) {
      throw new IllegalStateException("the HCL parser is not installed in " + checksDir
          + "/node_modules: the Maven build installs it (npm ci) in generate-test-resources; run"
          + " `mvn -B -pl infra-terraform verify` or `npm ci` in " + checksDir);
    }
    List<String> command = new ArrayList<>(List.of("node", checksDir.resolve("hcl2json.js").toString()));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(checksDir.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run node (Node.js 18 or later must be on the PATH for the"
          + " infra-terraform checks): " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try {
      // A guard against a hung parser, not a performance assertion.
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("hcl2json.js did not finish within 5 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("hcl2json.js exited with " + process.exitValue() + ": " + stderr.join());
      }
      JsonNode result = MAPPER.readTree(stdout.join());
      List<ParsedFile> parsed = new ArrayList<>();
      for (JsonNode file : result.path("files")) {
        Path path = Path.of(file.path("file").asText());
        parsed.add(file.has("error")
            ? new ParsedFile(path, null, file.path("error").asText())
            : new ParsedFile(path, file.path("json"), null));
      }
      return parsed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while parsing HCL", e);
    } catch (IOException e) {
      throw new IllegalStateException("hcl2json.js printed something that is not JSON: " + e.getMessage(), e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
