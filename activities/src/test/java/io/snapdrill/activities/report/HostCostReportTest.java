package io.snapdrill.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdrill.model.DrillOutcome;
import io.snapdrill.model.DrillResult;
import io.snapdrill.model.RestoreHost;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restore host's price and the drill's cost estimate reach every report format. */
class HostCostReportTest {
  private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

  private static DrillResult ec2Drill(String cluster, Double cost) {
    RestoreHost host = new RestoreHost("k-" + cluster, "ec2", "i-0" + cluster, "http://10.0.0.5:9200", "r6i.xlarge",
        "us-west-2b", true, 0.0712, T0);
    return new DrillResult("drill-" + cluster, cluster, DrillOutcome.PASSED, null, null, null, List.of(), T0,
        T0.plusSeconds(3600), 60L, null, 600L, null, null, null, null, null, null, null, List.of(host), cost, null, null, List.of(), null);
  }

  @Test
  void drillReportsShowTheHostPriceAndTheCostEstimate() throws Exception {
    DrillResult drill = ec2Drill("logs", 0.071);

    assertThat(ReportFormats.MARKDOWN.render(drill))
        .contains("| Restore host cost (estimate) | $0.071 ", "r6i.xlarge spot in us-west-2b, $0.0712/h");
    assertThat(ReportFormats.HTML.render(drill))
        .contains("<th>Restore host cost (estimate)</th><td>$0.071 ", "r6i.xlarge spot in us-west-2b, $0.0712/h");
    JsonNode json = ReportActivitiesImpl.jsonMapper().readTree(ReportFormats.JSON.render(drill));
    assertThat(json.get("hostCostUsd").asDouble()).isEqualTo(0.071);
    assertThat(json.at("/hosts/0/pricePerHourUsd").asDouble()).isEqualTo(0.0712);
  }

  @Test
  void aDrillWithoutAPricedHostShowsNoCost() {
    DrillResult local = new DrillResult("drill-local", "logs", DrillOutcome.PASSED, null, null, null, List.of(), T0,
        T0.plusSeconds(60), null, null, null, null, null, null, null, null, null, null,
        List.of(new RestoreHost("k", "local", "node-1", "http://127.0.0.1:9201", null, null, false, null, T0)), null,
        null, null, List.of(), null);

    assertThat(ReportFormats.MARKDOWN.render(local)).doesNotContain("host cost");
    assertThat(ReportFormats.HTML.render(local)).doesNotContain("host cost");
  }
}
