package io.snapdrill.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every .tf file under infra-terraform/, parsed once per test JVM (one Node.js run). */
final class TerraformTree {
  private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "target", ".terraform", "src");
  private static TerraformTree shared;

  private final Path root;
  private final List<HclParser.ParsedFile> files;
  private final Map<String, TerraformModule> modules = new LinkedHashMap<>();

  private TerraformTree(Path root, List<HclParser.ParsedFile> files) {
    this.root = root;
    this.files = files;
  }

  static synchronized TerraformTree shared() {
    if (shared == null) {
      Path root = Path.of(System.getProperty("snapdrill.terraform.root", ".")).toAbsolutePath().normalize();
      shared = new TerraformTree(root, HclParser.fromBuild().parse(tfFiles(root)));
    }
    return shared;
  }

  static List<Path> tfFiles(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(p -> p.toString().endsWith(".tf") && Files.isRegularFile(p))
          .filter(p -> {
            for (Path segment : root.relativize(p)) {
              if (SKIPPED_DIRS.contains(segment.toString())) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path root() {
    return root;
  }

  List<HclParser.ParsedFile> files() {
    return files;
  }

  /** A module by its path under infra-terraform/, e.g. "modules/iam" or "examples/complete". */
  synchronized TerraformModule module(String name) {
    return modules.computeIfAbsent(name, n -> {
      Path dir = root.resolve(n).normalize();
      List<HclParser.ParsedFile> own = files.stream().filter(f -> f.file().getParent().equals(dir)).toList();
      if (own.isEmpty()) {
        throw new IllegalArgumentException("no .tf files in " + dir);
      }
      return TerraformModule.merge(dir, n, own);
    });
  }

  /** Every module directory, by path under infra-terraform/. */
  List<String> moduleNames() {
    Map<String, Boolean> names = new TreeMap<>();
    for (HclParser.ParsedFile f : files) {
      names.put(root.relativize(f.file().getParent()).toString().replace('\\', '/'), true);
    }
    return new ArrayList<>(names.keySet());
  }
}
