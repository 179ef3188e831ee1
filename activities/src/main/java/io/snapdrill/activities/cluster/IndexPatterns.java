package io.snapdrill.activities.cluster;

import java.util.List;
import java.util.regex.Pattern;

/** Elasticsearch-style index patterns: {@code *} wildcards, {@code -pattern} excludes what earlier ones included. */
public final class IndexPatterns {
  private IndexPatterns() {}

  public static boolean matches(List<String> patterns, String index) {
    boolean included = false;
    for (String raw : patterns) {
      for (String p : raw.split(",")) {
        String pattern = p.strip();
        if (pattern.startsWith("-") && pattern.length() > 1) {
          if (glob(pattern.substring(1), index)) {
            included = false;
          }
        } else if (glob(pattern, index)) {
          included = true;
        }
      }
    }
    return included;
  }

  public static boolean glob(String pattern, String name) {
    if (pattern.equals("*") || pattern.equals("_all")) {
      return true;
    }
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      regex.append(Pattern.quote(part)).append(".*");
    }
    regex.setLength(regex.length() - 2);
    return name.matches(regex.toString());
  }
}
