package io.snapdrill.activities.node;

import java.nio.file.Path;

/** Stands for a JVM that starts a node bound to it and is then killed: prints the node and waits. */
public final class BoundNodeMain {
  private BoundNodeMain() {}

  public static void main(String[] args) throws Exception {
    LocalNodeLauncher launcher = new LocalNodeLauncher(DistributionInstaller.defaults(), Path.of(args[0]));
    LocalNode node = launcher.start(NodeOptions.of(NodeDistribution.ELASTICSEARCH_8, "bound").boundToThisJvm());
    System.out.println("NODE " + node.pid() + " " + node.directory());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
