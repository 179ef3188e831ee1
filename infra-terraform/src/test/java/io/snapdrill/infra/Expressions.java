package io.snapdrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the little of Terraform's expression language the checks need: literals, and templates
 * whose interpolations are {@code var.X} (the variable's default) or {@code local.X} (a local that is
 * itself such a template). Anything else is reported as unresolvable, never guessed.
 */
final class Expressions {
  private static final Pattern VAR = Pattern.compile("var\\.([A-Za-z0-9_-]+)");
  private static final Pattern LOCAL = Pattern.compile("local\\.([A-Za-z0-9_-]+)");
  private static final Pattern LOCAL_TOKEN = Pattern.compile("(?<![A-Za-z0-9_.])local\\.([A-Za-z0-9_-]+)");

  /** An expression the checks cannot evaluate statically. */
  static final class Unresolvable extends RuntimeException {
    Unresolvable(String message) {
      super(message);
    }
  }

  private final TerraformModule module;

  Expressions(TerraformModule module) {
    this.module = module;
  }

  /** The value as text: a literal as is, a template with every interpolation evaluated. */
  String resolve(JsonNode value, String where) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new Unresolvable(where + ": expected a single value, found " + value);
    }
    return resolve(value.asText(), where, new HashSet<>());
  }

  Integer resolveInt(JsonNode value, String where) {
    String text = resolve(value, where);
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new Unresolvable(where + ": '" + text + "' is not a whole number");
    }
  }

  private String resolve(String text, String where, Set<String> seen) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int end = closingBrace(text, start + 2);
      if (end < 0) {
        throw new Unresolvable(where + ": unbalanced interpolation in '" + text + "'");
      }
      out.append(evaluate(text.substring(start + 2, end).trim(), where, seen));
      i = end + 1;
    }
    return out.toString();
  }

  private String evaluate(String inner, String where, Set<String> seen) {
    Matcher var = VAR.matcher(inner);
    if (var.matches()) {
      JsonNode variable = module.variables().get(var.group(1));
      if (variable == null) {
        throw new Unresolvable(where + ": var." + var.group(1) + " is not declared in " + module.name());
      }
      JsonNode def = variable.get("default");
      if (def == null || def.isNull() || !def.isValueNode()) {
        throw new Unresolvable(where + ": var." + var.group(1) + " has no single default value to check with");
      }
      return def.asText();
    }
    Matcher local = LOCAL.matcher(inner);
    if (local.matches()) {
      String name = local.group(1);
      JsonNode value = module.locals().get(name);
      if (value == null) {
        throw new Unresolvable(where + ": local." + name + " is not declared in " + module.name());
      }
      if (!seen.add(name) || !value.isValueNode()) {
        throw new Unresolvable(where + ": local." + name + " is not a plain value");
      }
      return resolve(value.asText(), where, seen);
    }
    throw new Unresolvable(where + ": cannot evaluate '${" + inner + "}' offline");
  }

  /**
   * The expression's text with every reference to a local replaced by the local's own expression,
   * recursively (wherever it appears: {@code ${local.x}}, {@code concat(local.x, local.y)}); other
   * references stay as written. For judging what a policy resource can reach.
   */
  String expandLocals(String text) {
    String current = text;
    Set<String> expanded = new HashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      Matcher m = LOCAL_TOKEN.matcher(current);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        JsonNode value = module.locals().get(m.group(1));
        String replacement = m.group();
        if (value != null && value.isValueNode() && expanded.add(m.group(1))) {
          replacement = unwrap(value.asText());
          changed = true;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      current = out.toString();
    }
    return current;
  }

  /** "${expr}" → "(expr)"; a template "a/${b}" → "\"a/${b}\"": what it would be inside another expression. */
  private static String unwrap(String value) {
    if (value.startsWith("${") && closingBrace(value, 2) == value.length() - 1) {
      return "(" + value.substring(2, value.length() - 1) + ")";
    }
    return "\"" + value + "\"";
  }

  /** Index of the '}' closing an interpolation whose body starts at {@code from}. */
  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }
}
