package io.snapdrill.activities.config;

import jakarta.validation.constraints.NotNull;

/**
 * How Snapdrill authenticates to a cluster. Secrets are read from an environment variable or a file
 * when the activity runs ({@code passwordEnv}, {@code passwordFile}, ...); an inline secret works but
 * ends up in whatever stores the config file.
 *
 * @param type none, basic, api-key, bearer or sigv4 (Amazon OpenSearch Service / Elasticsearch Service)
 * @param region SigV4 signing region
 * @param profile AWS profile for SigV4; the default credential chain when absent
 */
public record AuthConfig(
    @NotNull AuthType type,
    String username,
    SecretRef password,
    SecretRef apiKey,
    SecretRef token,
    String region,
    String profile) {

  public static final AuthConfig NONE = new AuthConfig(AuthType.NONE, null, null, null, null, null, null);
}
