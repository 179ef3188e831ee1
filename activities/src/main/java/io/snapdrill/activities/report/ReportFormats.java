package io.snapdrill.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.snapdrill.model.DrillResult;
import java.io.UncheckedIOException;
import java.util.Locale;

/** The report formats, for callers outside the report activity (e.g. {@code snapdrill report}). */
public enum ReportFormats {
  MARKDOWN, JSON, HTML;

  public static ReportFormats parse(String name) {
    try {
      String upper = name.trim().toUpperCase(Locale.ROOT);
      return valueOf(upper.equals("MD") ? "MARKDOWN" : upper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--format: '" + name + "' is not markdown, json or html");
    }
  }

  public String render(DrillResult result) {
    return switch (this) {
      case MARKDOWN -> DrillReportMarkdown.render(result);
      case JSON -> json(result);
      case HTML -> DrillReportHtml.render(result);
    };
  }

  private static String json(Object value) {
    try {
      return ReportActivitiesImpl.jsonMapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
