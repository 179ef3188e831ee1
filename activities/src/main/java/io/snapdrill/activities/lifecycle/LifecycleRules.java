package io.snapdrill.activities.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.lifecycle.LifecycleRuleSpec.Expiration;
import io.snapdrill.activities.lifecycle.LifecycleRuleSpec.Filter;
import io.snapdrill.activities.lifecycle.LifecycleRuleSpec.Transition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Lifecycle rules from their two sources: the SDK's {@link LifecycleRule}s, and the JSON that {@code
 * aws s3api get-bucket-lifecycle-configuration} prints (or that {@code put-bucket-lifecycle-
 * configuration} takes).
 */
public final class LifecycleRules {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);

  private LifecycleRules() {}

  /** Bad lifecycle JSON; the message starts with the path of the field at fault. */
  public static class InvalidLifecycleJson extends RuntimeException {
    public InvalidLifecycleJson(String message) {
      super(message);
    }
  }

  public static List<LifecycleRuleSpec> fromSdk(List<LifecycleRule> rules) {
    List<LifecycleRuleSpec> specs = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      LifecycleRule rule = rules.get(i);
      Filter filter = fromSdk(rule.filter(), legacyPrefix(rule));
      Expiration expiration = rule.expiration() == null ? null : new Expiration(
          rule.expiration().days(),
          rule.expiration().date() == null ? null : rule.expiration().date().toString(),
          Boolean.TRUE.equals(rule.expiration().expiredObjectDeleteMarker()));
      List<Transition> transitions = rule.transitions().stream()
          .map(t -> new Transition(t.days(), t.date() == null ? null : t.date().toString(), t.storageClassAsString()))
          .toList();
      List<Transition> noncurrent = rule.noncurrentVersionTransitions().stream()
          .map(t -> new Transition(t.noncurrentDays(), null, t.storageClassAsString()))
          .toList();
      specs.add(new LifecycleRuleSpec(
          rule.id() == null || rule.id().isBlank() ? "Rules[" + i + "]" : rule.id(),
          rule.status() == ExpirationStatus.ENABLED,
          filter, expiration, transitions,
          rule.noncurrentVersionExpiration() == null ? null : rule.noncurrentVersionExpiration().noncurrentDays(),
          noncurrent,
          rule.abortIncompleteMultipartUpload() == null ? null : rule.abortIncompleteMultipartUpload().daysAfterInitiation()));
    }
    return specs;
  }

  @SuppressWarnings("deprecation")
  private static String legacyPrefix(LifecycleRule rule) {
    return rule.prefix();
  }

  private static Filter fromSdk(LifecycleRuleFilter filter, String legacyPrefix) {
    if (filter == null) {
      return new Filter(legacyPrefix, Map.of(), null, null);
    }
    LifecycleRuleAndOperator and = filter.and();
    if (and != null) {
      return new Filter(and.prefix(), tags(and.tags()), and.objectSizeGreaterThan(), and.objectSizeLessThan());
    }
    Map<String, String> tags = filter.tag() == null ? Map.of() : Map.of(filter.tag().key(), filter.tag().value());
    return new Filter(filter.prefix(), tags, filter.objectSizeGreaterThan(), filter.objectSizeLessThan());
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> map.put(t.key(), t.value()));
    }
    return map;
  }

  /**
   * Parses the CLI's JSON ({@code {"Rules": [...]}}) or a bare array of rules.
   *
   * @throws InvalidLifecycleJson naming the field at fault, e.g. {@code Rules[2].Filter.And: ...}
   */
  public static List<LifecycleRuleSpec> fromJson(String json) {
    JsonConfiguration configuration;
    try {
      String trimmed = json.strip();
      if (trimmed.startsWith("[")) {
        configuration = new JsonConfiguration(List.of(MAPPER.readValue(trimmed, JsonRule[].class)));
      } else {
        configuration = MAPPER.readValue(trimmed, JsonConfiguration.class);
      }
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax) {
        throw notJson(syntax);
      }
      throw new InvalidLifecycleJson(path(e) + ": " + e.getOriginalMessage().split("\n")[0]);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
    if (configuration == null || configuration.rules() == null) {
      throw new InvalidLifecycleJson("Rules: missing; expected the output of aws s3api get-bucket-lifecycle-configuration");
    }
    List<LifecycleRuleSpec> specs = new ArrayList<>();
    for (int i = 0; i < configuration.rules().size(); i++) {
      specs.add(configuration.rules().get(i).toSpec("Rules[" + i + "]"));
    }
    return specs;
  }

  private static InvalidLifecycleJson notJson(JsonProcessingException e) {
    String at = e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return new InvalidLifecycleJson("not valid JSON" + at + ": " + e.getOriginalMessage().split("\n")[0]);
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(document)" : path.toString();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonConfiguration(@JsonProperty("Rules") List<JsonRule> rules) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonRule(
      @JsonProperty("ID") String id,
      @JsonProperty("Status") String status,
      @JsonProperty("Prefix") String prefix,
      @JsonProperty("Filter") JsonFilter filter,
      @JsonProperty("Expiration") JsonExpiration expiration,
      @JsonProperty("Transitions") List<JsonTransition> transitions,
      @JsonProperty("NoncurrentVersionExpiration") JsonNoncurrentExpiration noncurrentVersionExpiration,
      @JsonProperty("NoncurrentVersionTransitions") List<JsonTransition> noncurrentVersionTransitions,
      @JsonProperty("AbortIncompleteMultipartUpload") JsonAbort abortIncompleteMultipartUpload) {

    LifecycleRuleSpec toSpec(String at) {
      if (status == null) {
        throw new InvalidLifecycleJson(at + ".Status: missing (Enabled or Disabled)");
      }
      if (!status.equals("Enabled") && !status.equals("Disabled")) {
        throw new InvalidLifecycleJson(at + ".Status: '" + status + "' is neither Enabled nor Disabled");
      }
      if (filter != null && prefix != null) {
        throw new InvalidLifecycleJson(at + ": has both the legacy Prefix and a Filter; S3 accepts only one");
      }
      Filter parsedFilter = filter == null ? new Filter(prefix, Map.of(), null, null) : filter.toFilter(at + ".Filter");
      Expiration parsedExpiration = null;
      if (expiration != null) {
        if (expiration.days() != null && expiration.days() <= 0) {
          throw new InvalidLifecycleJson(at + ".Expiration.Days: must be a positive number of days, got " + expiration.days());
        }
        parsedExpiration = new Expiration(expiration.days(), expiration.date(),
            Boolean.TRUE.equals(expiration.expiredObjectDeleteMarker()));
      }
      List<Transition> parsedTransitions = transitions(transitions, at + ".Transitions", false);
      List<Transition> parsedNoncurrent = transitions(noncurrentVersionTransitions, at + ".NoncurrentVersionTransitions", true);
      Integer noncurrentDays = null;
      if (noncurrentVersionExpiration != null) {
        noncurrentDays = noncurrentVersionExpiration.noncurrentDays();
        if (noncurrentDays == null && noncurrentVersionExpiration.newerNoncurrentVersions() == null) {
          throw new InvalidLifecycleJson(at + ".NoncurrentVersionExpiration.NoncurrentDays: missing");
        }
        if (noncurrentDays == null) {
          noncurrentDays = 0;
        }
      }
      return new LifecycleRuleSpec(id == null || id.isBlank() ? at : id, status.equals("Enabled"), parsedFilter,
          parsedExpiration, parsedTransitions, noncurrentDays, parsedNoncurrent,
          abortIncompleteMultipartUpload == null ? null : abortIncompleteMultipartUpload.daysAfterInitiation());
    }

    private static List<Transition> transitions(List<JsonTransition> list, String at, boolean noncurrent) {
      List<Transition> result = new ArrayList<>();
      if (list == null) {
        return result;
      }
      for (int i = 0; i < list.size(); i++) {
        JsonTransition t = list.get(i);
        if (t == null || t.storageClass() == null || t.storageClass().isBlank()) {
          throw new InvalidLifecycleJson(at + "[" + i + "].StorageClass: missing");
        }
        result.add(new Transition(noncurrent ? t.noncurrentDays() : t.days(), t.date(), t.storageClass()));
      }
      return result;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonFilter(
      @JsonProperty("Prefix") String prefix,
      @JsonProperty("Tag") JsonTag tag,
      @JsonProperty("ObjectSizeGreaterThan") Long objectSizeGreaterThan,
      @JsonProperty("ObjectSizeLessThan") Long objectSizeLessThan,
      @JsonProperty("And") JsonAnd and) {

    Filter toFilter(String at) {
      int kinds = (prefix != null ? 1 : 0) + (tag != null ? 1 : 0) + (objectSizeGreaterThan != null ? 1 : 0)
          + (objectSizeLessThan != null ? 1 : 0) + (and != null ? 1 : 0);
      if (kinds > 1) {
        throw new InvalidLifecycleJson(at + ": holds more than one of Prefix, Tag, ObjectSizeGreaterThan,"
            + " ObjectSizeLessThan and And; combine conditions under And");
      }
      if (and != null) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (and.tags() != null) {
          for (int i = 0; i < and.tags().size(); i++) {
            JsonTag t = and.tags().get(i);
            if (t == null || t.key() == null) {
              throw new InvalidLifecycleJson(at + ".And.Tags[" + i + "].Key: missing");
            }
            tags.put(t.key(), t.value() == null ? "" : t.value());
          }
        }
        return new Filter(and.prefix(), tags, and.objectSizeGreaterThan(), and.objectSizeLessThan());
      }
      if (tag != null) {
        if (tag.key() == null) {
          throw new InvalidLifecycleJson(at + ".Tag.Key: missing");
        }
        return new Filter(null, Map.of(tag.key(), tag.value() == null ? "" : tag.value()), null, null);
      }
      return new Filter(prefix, Map.of(), objectSizeGreaterThan, objectSizeLessThan);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonAnd(
      @JsonProperty("Prefix") String prefix,
      @JsonProperty("Tags") List<JsonTag> tags,
      @JsonProperty("ObjectSizeGreaterThan") Long objectSizeGreaterThan,
      @JsonProperty("ObjectSizeLessThan") Long objectSizeLessThan) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonTag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonExpiration(
      @JsonProperty("Days") Integer days,
      @JsonProperty("Date") String date,
      @JsonProperty("ExpiredObjectDeleteMarker") Boolean expiredObjectDeleteMarker) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonTransition(
      @JsonProperty("Days") Integer days,
      @JsonProperty("Date") String date,
      @JsonProperty("NoncurrentDays") Integer noncurrentDays,
      @JsonProperty("StorageClass") String storageClass) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonNoncurrentExpiration(
      @JsonProperty("NoncurrentDays") Integer noncurrentDays,
      @JsonProperty("NewerNoncurrentVersions") Integer newerNoncurrentVersions) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JsonAbort(@JsonProperty("DaysAfterInitiation") Integer daysAfterInitiation) {}
}
