package io.snapdrill.activities.cluster;

import java.util.Map;

/** A cluster's HTTP answer; header names are lower case. */
public record HttpResult(int status, String body, Map<String, String> headers) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
