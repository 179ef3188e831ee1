package io.snapdrill.activities.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Where the restore host code gets its AWS clients; tests hand in clients pointed at a local endpoint. */
public interface Ec2ClientFactory {

  Ec2Client ec2(String region);

  SsmClient ssm(String region);

  /** Real AWS clients (default credentials chain), one pair per region, kept for the worker's life. */
  static Ec2ClientFactory aws() {
    Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
    Map<String, SsmClient> ssm = new ConcurrentHashMap<>();
    return new Ec2ClientFactory() {
      @Override
      public Ec2Client ec2(String region) {
        return ec2.computeIfAbsent(region,
            r -> Ec2Client.builder().region(Region.of(r)).httpClientBuilder(ApacheHttpClient.builder()).build());
      }

      @Override
      public SsmClient ssm(String region) {
        return ssm.computeIfAbsent(region,
            r -> SsmClient.builder().region(Region.of(r)).httpClientBuilder(ApacheHttpClient.builder()).build());
      }
    };
  }

  /** The same clients whatever the region. */
  static Ec2ClientFactory of(Ec2Client ec2, SsmClient ssm) {
    return new Ec2ClientFactory() {
      @Override
      public Ec2Client ec2(String region) {
        return ec2;
      }

      @Override
      public SsmClient ssm(String region) {
        return ssm;
      }
    };
  }
}
