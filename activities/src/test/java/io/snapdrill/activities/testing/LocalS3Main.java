package io.snapdrill.activities.testing;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.nio.file.Path;

/**
 * Entry point of the local-s3 JVM that {@link LocalS3Server} starts: {@code <port> <data dir>
 * [in-memory]}. In-memory mode exists for the benchmark: PERSISTENCE mode rewrites the whole bucket's
 * metadata file on every PUT, so seeding 100,000 objects through it never ends.
 */
public final class LocalS3Main {

  private LocalS3Main() {}

  public static void main(String[] args) throws Exception {
    boolean inMemory = args.length > 2 && "in-memory".equals(args[2]);
    LocalS3.Builder builder = LocalS3.builder().port(Integer.parseInt(args[0]));
    LocalS3 server = inMemory
        ? builder.mode(LocalS3Mode.IN_MEMORY).build()
        : builder.mode(LocalS3Mode.PERSISTENCE).dataPath(Path.of(args[1]).toString()).build();
    server.start();
    // the parent stops this JVM by destroying the process; keep the main thread parked meanwhile
    Thread.currentThread().join();
  }
}
