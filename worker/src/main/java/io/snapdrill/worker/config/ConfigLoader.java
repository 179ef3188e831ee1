package io.snapdrill.worker.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.snapdrill.activities.config.SnapdrillConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Reads {@code snapdrill.yaml} and refuses it, with every problem named by its field path
 * ({@code clusters[1].storage.replica.bucket: required}), before anything starts.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule().addDeserializer(Duration.class, new HumanDurationDeserializer()))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

  private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider()
      .configure()
      // Plain {min}-style messages: no expression language on the class path, nothing evaluated.
      .messageInterpolator(new ParameterMessageInterpolator())
      .buildValidatorFactory();

  private ConfigLoader() {}

  public static SnapdrillConfig load(Path file) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("no such file"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), yaml);
  }

  public static SnapdrillConfig parse(String source, String yaml) {
    if (yaml.isBlank()) {
      throw new ConfigException(source, List.of("the file is empty"));
    }
    SnapdrillConfig config;
    try {
      config = YAML.readValue(yaml, SnapdrillConfig.class);
    } catch (JsonProcessingException e) {
      StreamReadException syntax = syntaxError(e);
      if (syntax != null) {
        throw new ConfigException(source, List.of("not valid YAML at line " + syntax.getLocation().getLineNr()
            + ", column " + syntax.getLocation().getColumnNr() + ": "
            + syntax.getOriginalMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip()));
      }
      throw new ConfigException(source, List.of(e instanceof JsonMappingException m ? describe(m) : e.getOriginalMessage()));
    }
    if (config == null) {
      throw new ConfigException(source, List.of("the file is empty"));
    }
    List<String> problems = new ArrayList<>(constraintViolations(config));
    problems.addAll(ConfigRules.check(config));
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    return config;
  }

  private static StreamReadException syntaxError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException s) {
        return s;
      }
    }
    return null;
  }

  private static List<String> constraintViolations(SnapdrillConfig config) {
    Validator validator = VALIDATION.getValidator();
    return validator.validate(config).stream()
        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(v -> v.getPropertyPath() + ": " + message(v))
        .distinct()
        .collect(Collectors.toList());
  }

  private static String message(ConstraintViolation<?> v) {
    var annotation = v.getConstraintDescriptor().getAnnotation();
    boolean absent = v.getInvalidValue() == null;
    if (annotation instanceof NotNull || (absent && (annotation instanceof NotBlank || annotation instanceof NotEmpty))) {
      return "required";
    }
    return v.getMessage();
  }

  /** Jackson's failure as one line naming the field path, without Jackson's internals. */
  private static String describe(JsonMappingException e) {
    String path = path(e);
    String where = path.isEmpty() ? "" : path + ": ";
    String line = e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "";
    if (e instanceof UnrecognizedPropertyException u) {
      return where + "unknown field" + line + "; known fields here: " + u.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
    }
    if (e instanceof InvalidFormatException f) {
      String allowed = f.getTargetType() != null && f.getTargetType().isEnum() ? oneOf(f.getTargetType()) : "";
      return where + "'" + f.getValue() + "' is not a valid " + simpleType(f.getTargetType()) + allowed + line;
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      Throwable cause = v.getCause();
      String allowed = cause instanceof IllegalArgumentException && v.getType() != null && v.getType().isEnumType()
          ? oneOf(v.getType().getRawClass()) : "";
      return where + "invalid value" + allowed + line;
    }
    if (e instanceof MismatchedInputException m) {
      return where + "expected " + simpleType(m.getTargetType()) + line;
    }
    return where + e.getOriginalMessage() + line;
  }

  /** The values an enum field accepts, as they are written in YAML. */
  private static String oneOf(Class<?> enumType) {
    return "; one of " + List.of(enumType.getEnumConstants()).stream()
        .map(c -> c.toString().toLowerCase().replace('_', '-')).collect(Collectors.joining(", "));
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      }
    }
    return sb.toString();
  }

  private static String simpleType(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type == Duration.class) {
      return "duration (90s, 15m, 6h, 7d)";
    }
    if (List.class.isAssignableFrom(type)) {
      return "list";
    }
    if (type.isRecord()) {
      return "mapping";
    }
    return type.getSimpleName().toLowerCase();
  }
}
