package io.snapdrill.activities.testing;

import com.robothy.s3.core.model.request.PutObjectOptions;
import com.robothy.s3.core.service.BucketService;
import com.robothy.s3.core.service.ObjectService;
import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import com.robothy.s3.rest.service.DefaultServiceFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;

/**
 * Entry point of the local-s3 JVM that {@link LocalS3Server} starts: {@code <port> <data dir>
 * [in-memory [seed <primary> <replica> <prefix> <indices> <files per index> <strays> <hidden>]]}.
 * In-memory mode exists for the benchmark: PERSISTENCE mode rewrites the whole bucket's metadata file
 * on every PUT, so seeding 100,000 objects through it never ends. With {@code seed} it writes a
 * {@link SyntheticRepository.Spec} into two versioned buckets through local-s3's own services, in
 * this JVM (no HTTP: a million PUTs over HTTP take most of an hour), and writes the object {@code
 * _seeded} into the primary bucket last.
 */
public final class LocalS3Main {
  /** Written into the primary bucket (outside the repository prefix) once seeding is done. */
  public static final String SEEDED = "_seeded";

  private LocalS3Main() {}

  public static void main(String[] args) throws Exception {
    boolean inMemory = args.length > 2 && "in-memory".equals(args[2]);
    LocalS3.Builder builder = LocalS3.builder().port(Integer.parseInt(args[0]));
    LocalS3 server = inMemory
        ? builder.mode(LocalS3Mode.IN_MEMORY).build()
        : builder.mode(LocalS3Mode.PERSISTENCE).dataPath(Path.of(args[1]).toString()).build();
    server.start();
    if (args.length > 3 && "seed".equals(args[3])) {
      seed(args[4], args[5], args[6], new SyntheticRepository.Spec(Integer.parseInt(args[7]),
          Integer.parseInt(args[8]), Integer.parseInt(args[9]), Integer.parseInt(args[10])));
    }
    // the parent stops this JVM by destroying the process; keep the main thread parked meanwhile
    Thread.currentThread().join();
  }

  private static void seed(String primary, String replica, String prefix, SyntheticRepository.Spec spec) {
    // the services the server registered when it started (the factory's registry is static)
    DefaultServiceFactory services = new DefaultServiceFactory();
    BucketService buckets = services.getInstance(BucketService.class);
    ObjectService objects = services.getInstance(ObjectService.class);
    long start = System.nanoTime();
    for (String bucket : new String[] {primary, replica}) {
      buckets.createBucket(bucket);
      buckets.setVersioningEnabled(bucket, true);
    }
    spec.forEachObject((key, bytes) -> {
      put(objects, primary, prefix + key, bytes);
      put(objects, replica, prefix + key, bytes);
    });
    for (int i = 0; i < spec.strays(); i++) {
      put(objects, primary, prefix + spec.strayKey(i), new byte[] {1});
      objects.deleteObject(primary, prefix + spec.strayKey(i));
    }
    for (int i = 0; i < spec.hiddenNeeded(); i++) {
      objects.deleteObject(primary, prefix + spec.hiddenKey(i));
    }
    put(objects, primary, SEEDED, new byte[] {1});
    System.out.printf("seeded %s and %s in %.1f s%n", primary, replica, (System.nanoTime() - start) / 1e9);
  }

  private static void put(ObjectService objects, String bucket, String key, byte[] bytes) {
    objects.putObject(bucket, key, PutObjectOptions.builder().size(bytes.length)
        .content(new ByteArrayInputStream(bytes)).contentType("application/octet-stream").build());
  }
}
