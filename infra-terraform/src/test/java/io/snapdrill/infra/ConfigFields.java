package io.snapdrill.infra;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whether keys of a snapdrill.yaml fragment are fields of the configuration records. */
final class ConfigFields {
  private ConfigFields() {}

  /** Every path in {@code fragment} that is not a field of {@code type}, e.g. "restoreHost.instanceProfil". */
  static List<String> unknownPaths(Class<?> type, JsonNode fragment) {
    List<String> unknown = new ArrayList<>();
    walk(type, fragment, "", unknown);
    return unknown;
  }

  /** Whether a path such as "clusters[].storage.primary.bucket" names a field. */
  static boolean exists(Class<?> root, String path) {
    Type type = root;
    for (String part : path.split("\\.")) {
      String name = part.endsWith("[]") ? part.substring(0, part.length() - 2) : part;
      Type field = field(raw(type), name);
      if (field == null) {
        return false;
      }
      type = part.endsWith("[]") ? element(field) : field;
      if (type == null) {
        return false;
      }
    }
    return true;
  }

  private static void walk(Type type, JsonNode node, String path, List<String> unknown) {
    if (node.isArray()) {
      Type element = element(type);
      for (JsonNode item : node) {
        walk(element == null ? type : element, item, path + "[]", unknown);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String at = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
      Type field = field(raw(type), entry.getKey());
      if (field == null) {
        unknown.add(at);
      } else {
        walk(field, entry.getValue(), at, unknown);
      }
    }
  }

  private static Type field(Class<?> type, String name) {
    if (type == null || !type.isRecord()) {
      return null;
    }
    // A record read through a @JsonCreator factory (restoreHost: flat in YAML, nested in Java) has the
    // factory's parameters as its YAML fields.
    for (Method factory : type.getDeclaredMethods()) {
      // A delegating creator (repository: NAME) reads a scalar: its parameter names no field.
      if (Modifier.isStatic(factory.getModifiers()) && factory.isAnnotationPresent(JsonCreator.class)
          && java.util.Arrays.stream(factory.getParameters()).anyMatch(p -> p.isAnnotationPresent(JsonProperty.class))) {
        for (Parameter p : factory.getParameters()) {
          JsonProperty property = p.getAnnotation(JsonProperty.class);
          if (property != null && property.value().equals(name)) {
            return p.getParameterizedType();
          }
        }
        return null;
      }
    }
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c.getGenericType();
      }
    }
    return null;
  }

  private static Type element(Type type) {
    if (type instanceof ParameterizedType p && List.class.isAssignableFrom(raw(p))) {
      return p.getActualTypeArguments()[0];
    }
    return null;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return null;
  }
}
