package io.snapdrill.temporal;

import com.google.protobuf.ProtocolMessageEnum;

/**
 * How the Go server prints an API enum in its messages: go.temporal.io/api's {@code String()} gives the value
 * without its type prefix, in CamelCase ({@code WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES}
 * prints as {@code BadScheduleActivityAttributes}).
 */
final class GoEnumNames {
  private GoEnumNames() {}

  static String of(ProtocolMessageEnum value) {
    String typePrefix = value.getDescriptorForType().getName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase() + "_";
    String name = value.getValueDescriptor().getName();
    StringBuilder camel = new StringBuilder();
    for (String word : name.substring(name.startsWith(typePrefix) ? typePrefix.length() : 0).split("_")) {
      if (!word.isEmpty()) {
        camel.append(word.charAt(0)).append(word.substring(1).toLowerCase());
      }
    }
    return camel.toString();
  }
}
