package io.snapdrill.activities.testing;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.nio.file.Path;

/** Entry point of the local-s3 JVM that {@link LocalS3Server} starts: {@code <port> <data dir>}. */
public final class LocalS3Main {

  private LocalS3Main() {}

  public static void main(String[] args) throws Exception {
    LocalS3 server = LocalS3.builder()
        .port(Integer.parseInt(args[0]))
        .mode(LocalS3Mode.PERSISTENCE)
        .dataPath(Path.of(args[1]).toString())
        .build();
    server.start();
    // the parent stops this JVM by destroying the process; keep the main thread parked meanwhile
    Thread.currentThread().join();
  }
}
