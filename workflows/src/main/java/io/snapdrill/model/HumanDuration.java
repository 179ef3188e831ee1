package io.snapdrill.model;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people read them in reports and on the command line ({@code 2.1 s}, {@code 4 min 12 s},
 * {@code 1 h 03 min}, {@code 2 d 05 h}): two units at most, the smaller one zero-padded so columns line
 * up. Machine-readable output (JSON, metrics) keeps seconds or ISO-8601.
 */
public final class HumanDuration {
  private HumanDuration() {}

  public static String of(Duration d) {
    if (d == null) {
      return "n/a";
    }
    if (d.isNegative()) {
      return "-" + of(d.negated());
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0 s";
    }
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 10_000) {
      // tenths rounded down, so 9.96 s never reads as "10.0 s"
      return String.format(Locale.ROOT, "%d.%d s", ms / 1_000, ms % 1_000 / 100);
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3_600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3_600, s % 3_600 / 60);
    }
    return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3_600);
  }

  /** Whole seconds as stored in results; "n/a" when not known. */
  public static String ofSeconds(Long seconds) {
    return seconds == null ? "n/a" : of(Duration.ofSeconds(seconds));
  }
}
