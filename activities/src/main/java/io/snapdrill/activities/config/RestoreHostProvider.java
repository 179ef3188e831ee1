package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Where restores run: a spot instance in the DR region, or a node on this machine (local mode). */
public enum RestoreHostProvider {
  EC2,
  LOCAL;

  /** As YAML and a {@code RestoreHost}'s provider field write it, in any case: "ec2", "local". */
  @JsonCreator
  public static RestoreHostProvider of(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** The name a {@code RestoreHost} in a workflow payload carries (the workflows module knows no enum of ours). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
