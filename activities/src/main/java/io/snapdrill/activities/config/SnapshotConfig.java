package io.snapdrill.activities.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * @param nameTemplate snapshot name; {@code {date}} becomes yyyy.MM.dd-HH.mm.ss (UTC), {@code {drill}} a
 *     short hash of the drill id
 * @param indices index patterns to snapshot
 */
public record SnapshotConfig(
    @NotBlank String nameTemplate, @NotEmpty List<String> indices, boolean includeGlobalState) {

  public static final SnapshotConfig DEFAULTS =
      new SnapshotConfig("snapdrill-{date}-{drill}", List.of("*"), false);
}
