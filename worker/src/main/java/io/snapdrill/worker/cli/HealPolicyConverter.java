package io.snapdrill.worker.cli;

import io.snapdrill.model.HealPolicy;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

public final class HealPolicyConverter implements ITypeConverter<HealPolicy> {
  @Override
  public HealPolicy convert(String value) {
    try {
      return HealPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a heal policy; one of "
          + Arrays.stream(HealPolicy.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }
  }
}
