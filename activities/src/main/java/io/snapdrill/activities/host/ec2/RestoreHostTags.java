package io.snapdrill.activities.host.ec2;

import java.util.List;

/** The tags that make an EC2 instance a Snapdrill restore host (what teardown and the janitor look for). */
public final class RestoreHostTags {
  public static final String WORKFLOW_ID = "snapdrill:workflow-id";
  public static final String CLUSTER = "snapdrill:cluster";
  public static final String HOST_KEY = "snapdrill:host-key";
  public static final String EXPIRES_AT = "snapdrill:expires-at";
  /**
   * The Temporal namespace of the owning workflow: a janitor only judges hosts of its own namespace,
   * so a staging and a production Snapdrill sharing an account never terminate each other's hosts.
   */
  public static final String NAMESPACE = "snapdrill:namespace";
  public static final String NAME = "Name";
  /**
   * The tags the janitor lists hosts by (the namespace's value, the host key's presence). The worker
   * role's TerminateInstances condition may require no other tag: a host the janitor finds and judges
   * orphaned (say, one whose workflow-id tag was removed) must be one it is allowed to terminate.
   */
  public static final List<String> JANITOR_FINDS_BY = List.of(NAMESPACE, HOST_KEY);

  private RestoreHostTags() {}
}
