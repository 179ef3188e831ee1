package io.snapdrill.activities.host.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.snapdrill.activities.aws.AwsClients;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Answers of the EC2 Query API (XML) as the AWS SDK reads them, and the requests it sent, decoded. */
final class Ec2QueryApi {
  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private Ec2QueryApi() {}

  /** One instance as DescribeInstances and RunInstances list it. */
  record Ec2Instance(String id, String state, String type, String az, String subnet, String privateIp, boolean spot,
      String spotRequestId, Map<String, String> tags, String stateReason, Instant launchTime) {
    static final Instant LAUNCH_TIME = Instant.parse("2026-11-22T05:00:00Z");

    static Ec2Instance spot(String id, String state, String type, String az, String subnet) {
      return new Ec2Instance(id, state, type, az, subnet, "127.0.0.1", true, "sir-" + id.substring(2), Map.of(), null,
          LAUNCH_TIME);
    }

    Ec2Instance withState(String newState, String reason) {
      return new Ec2Instance(id, newState, type, az, subnet, privateIp, spot, spotRequestId, tags, reason, launchTime);
    }

    Ec2Instance withTags(Map<String, String> newTags) {
      return new Ec2Instance(id, state, type, az, subnet, privateIp, spot, spotRequestId, newTags, stateReason, launchTime);
    }

    Ec2Instance launchedAt(Instant time) {
      return new Ec2Instance(id, state, type, az, subnet, privateIp, spot, spotRequestId, tags, stateReason, time);
    }

    Ec2Instance onDemand() {
      return new Ec2Instance(id, state, type, az, subnet, privateIp, false, null, tags, stateReason, launchTime);
    }

    String xml() {
      StringBuilder b = new StringBuilder("<item>")
          .append("<instanceId>").append(id).append("</instanceId>")
          .append("<imageId>ami-0123456789abcdef0</imageId>")
          .append("<instanceState><code>").append(stateCode(state)).append("</code><name>").append(state)
          .append("</name></instanceState>")
          .append("<privateIpAddress>").append(privateIp).append("</privateIpAddress>")
          .append("<instanceType>").append(type).append("</instanceType>")
          .append("<launchTime>").append(launchTime).append("</launchTime>")
          .append("<placement><availabilityZone>").append(az).append("</availabilityZone><tenancy>default</tenancy></placement>")
          .append("<subnetId>").append(subnet).append("</subnetId>");
      if (spot) {
        b.append("<instanceLifecycle>spot</instanceLifecycle>")
            .append("<spotInstanceRequestId>").append(spotRequestId).append("</spotInstanceRequestId>");
      }
      if (stateReason != null) {
        b.append("<stateReason><code>").append(stateReason).append("</code><message>").append(stateReason)
            .append("</message></stateReason>");
      }
      b.append("<tagSet>");
      tags.forEach((k, v) -> b.append("<item><key>").append(k).append("</key><value>").append(v).append("</value></item>"));
      return b.append("</tagSet></item>").toString();
    }

    private static int stateCode(String state) {
      return switch (state) {
        case "pending" -> 0;
        case "running" -> 16;
        case "shutting-down" -> 32;
        case "terminated" -> 48;
        case "stopping" -> 64;
        case "stopped" -> 80;
        default -> throw new IllegalArgumentException(state);
      };
    }
  }

  static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
  }

  static ResponseDefinitionBuilder describeInstances(Ec2Instance... instances) {
    StringBuilder items = new StringBuilder();
    for (Ec2Instance i : instances) {
      items.append("<item><reservationId>r-").append(i.id().substring(2)).append("</reservationId>")
          .append("<ownerId>123456789012</ownerId><groupSet/><instancesSet>").append(i.xml())
          .append("</instancesSet></item>");
    }
    return xml("<DescribeInstancesResponse xmlns=\"" + NS + "\"><requestId>req-d</requestId><reservationSet>"
        + items + "</reservationSet></DescribeInstancesResponse>");
  }

  static ResponseDefinitionBuilder runInstances(Ec2Instance instance) {
    return xml("<RunInstancesResponse xmlns=\"" + NS + "\"><requestId>req-r</requestId><reservationId>r-1</reservationId>"
        + "<ownerId>123456789012</ownerId><groupSet/><instancesSet>" + instance.xml() + "</instancesSet></RunInstancesResponse>");
  }

  static ResponseDefinitionBuilder terminateInstances(String id, String previous, String current) {
    return xml("<TerminateInstancesResponse xmlns=\"" + NS + "\"><requestId>req-t</requestId><instancesSet><item>"
        + "<instanceId>" + id + "</instanceId>"
        + "<currentState><code>" + Ec2Instance.stateCode(current) + "</code><name>" + current + "</name></currentState>"
        + "<previousState><code>" + Ec2Instance.stateCode(previous) + "</code><name>" + previous + "</name></previousState>"
        + "</item></instancesSet></TerminateInstancesResponse>");
  }

  static ResponseDefinitionBuilder cancelSpotRequests(String requestId) {
    return xml("<CancelSpotInstanceRequestsResponse xmlns=\"" + NS + "\"><requestId>req-c</requestId>"
        + "<spotInstanceRequestSet><item><spotInstanceRequestId>" + requestId + "</spotInstanceRequestId>"
        + "<state>cancelled</state></item></spotInstanceRequestSet></CancelSpotInstanceRequestsResponse>");
  }

  static ResponseDefinitionBuilder describeSubnets(Map<String, String> subnetZones) {
    StringBuilder items = new StringBuilder();
    subnetZones.forEach((subnet, az) -> items.append("<item><subnetId>").append(subnet).append("</subnetId>")
        .append("<availabilityZone>").append(az).append("</availabilityZone><state>available</state></item>"));
    return xml("<DescribeSubnetsResponse xmlns=\"" + NS + "\"><requestId>req-s</requestId><subnetSet>" + items
        + "</subnetSet></DescribeSubnetsResponse>");
  }

  static ResponseDefinitionBuilder spotPrice(String type, String az, String price) {
    return xml("<DescribeSpotPriceHistoryResponse xmlns=\"" + NS + "\"><requestId>req-p</requestId><spotPriceHistorySet>"
        + "<item><instanceType>" + type + "</instanceType><productDescription>Linux/UNIX</productDescription>"
        + "<spotPrice>" + price + "</spotPrice><timestamp>2026-11-22T04:00:00.000Z</timestamp>"
        + "<availabilityZone>" + az + "</availabilityZone></item>"
        + "<item><instanceType>" + type + "</instanceType><productDescription>Linux/UNIX</productDescription>"
        + "<spotPrice>9.9999</spotPrice><timestamp>2026-11-21T04:00:00.000Z</timestamp>"
        + "<availabilityZone>" + az + "</availabilityZone></item>"
        + "</spotPriceHistorySet><nextToken/></DescribeSpotPriceHistoryResponse>");
  }

  /** DescribeImages of one AMI; no image at all when {@code rootDevice} is null (an unknown or deregistered AMI). */
  static ResponseDefinitionBuilder describeImages(String ami, String rootDevice) {
    String item = rootDevice == null ? "" : "<item><imageId>" + ami + "</imageId><imageState>available</imageState>"
        + "<architecture>x86_64</architecture><imageType>machine</imageType><rootDeviceType>ebs</rootDeviceType>"
        + "<rootDeviceName>" + rootDevice + "</rootDeviceName><blockDeviceMapping><item><deviceName>" + rootDevice
        + "</deviceName><ebs><snapshotId>snap-0ami</snapshotId><volumeSize>8</volumeSize><deleteOnTermination>true"
        + "</deleteOnTermination><volumeType>gp3</volumeType></ebs></item></blockDeviceMapping></item>";
    return xml("<DescribeImagesResponse xmlns=\"" + NS + "\"><requestId>req-i</requestId><imagesSet>" + item
        + "</imagesSet></DescribeImagesResponse>");
  }

  /** An EC2 error as the Query API sends it; capacity errors come as 500, client errors as 400. */
  static ResponseDefinitionBuilder error(int status, String code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
            + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>req-e</RequestID></Response>");
  }

  static ResponseDefinitionBuilder ssmParameter(String name, String value) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"Parameter\":{\"Name\":\"" + name + "\",\"Type\":\"String\",\"Value\":\"" + value
            + "\",\"Version\":42,\"DataType\":\"aws:ec2:image\"}}");
  }

  /** The form parameters of every EC2 request with this Action, oldest first. */
  static List<Map<String, String>> requests(WireMockServer server, String action) {
    return server.getAllServeEvents().stream()
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .map(ServeEvent::getRequest)
        .filter(r -> r.getBodyAsString().contains("Action=" + action + "&") || r.getBodyAsString().endsWith("Action=" + action))
        .map(r -> form(r.getBodyAsString()))
        .toList();
  }

  static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  /** Tags of one TagSpecification of a RunInstances request, by resource type. */
  static Map<String, String> tagsFor(Map<String, String> runInstances, String resourceType) {
    for (int s = 1; runInstances.containsKey("TagSpecification." + s + ".ResourceType"); s++) {
      if (runInstances.get("TagSpecification." + s + ".ResourceType").equals(resourceType)) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int t = 1; runInstances.containsKey("TagSpecification." + s + ".Tag." + t + ".Key"); t++) {
          tags.put(runInstances.get("TagSpecification." + s + ".Tag." + t + ".Key"),
              runInstances.get("TagSpecification." + s + ".Tag." + t + ".Value"));
        }
        return tags;
      }
    }
    return Map.of();
  }

  /**
   * The IAM actions of every EC2 (Query API {@code Action=}) and SSM ({@code X-Amz-Target}) request the
   * server received, e.g. "ec2:DescribeImages".
   */
  static Set<String> actionsCalled(WireMockServer server) {
    Set<String> actions = new TreeSet<>();
    for (ServeEvent event : server.getAllServeEvents()) {
      String target = event.getRequest().getHeader("X-Amz-Target");
      if (target != null && target.startsWith("AmazonSSM.")) {
        actions.add("ssm:" + target.substring("AmazonSSM.".length()));
      } else if (event.getRequest().getMethod().getName().equals("POST")) {
        String action = form(event.getRequest().getBodyAsString()).get("Action");
        if (action != null) {
          actions.add("ec2:" + action);
        }
      }
    }
    return actions;
  }

  /** Every action the EC2 code called in this test is one the worker's role is declared to need. */
  static void assertEveryActionDeclared(WireMockServer server) {
    assertThat(actionsCalled(server))
        .as("actions the EC2 code called that Ec2HostPermissions.WORKER (and so infra-terraform) does not list")
        .allSatisfy(action -> assertThat(Ec2HostPermissions.grant(action)).as(action).isPresent());
  }

  /** EC2 and SSM clients of the configured region that all talk to {@code server}. */
  static AwsClients clients(WireMockServer server) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.port());
    return new AwsClients(builder -> builder.endpointOverride(endpoint)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
  }
}
