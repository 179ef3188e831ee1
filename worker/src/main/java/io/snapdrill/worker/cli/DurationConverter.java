package io.snapdrill.worker.cli;

import io.snapdrill.worker.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      Duration d = Durations.parse(value);
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + value + "' must be longer than zero");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is " + e.getMessage());
    }
  }
}
