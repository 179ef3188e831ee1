package io.snapdrill.worker.trigger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * The object keys a repository's retained snapshots need at one root generation, kept as sorted 64-bit
 * hashes (8 bytes a key: a million-blob repository in 8 MB). A key whose hash is absent is needed by no
 * snapshot of that generation; a present hash may be a collision, so the caller reads the repository
 * to be sure. Elasticsearch writes every change of the snapshots a repository holds as a new root
 * generation and never rewrites one, so the set stays true until the generation moves.
 */
record NeededKeys(long rootGeneration, long[] sortedHashes) {

  static NeededKeys of(long rootGeneration, Collection<String> objectKeys) {
    long[] hashes = objectKeys.stream().mapToLong(NeededKeys::hash).sorted().distinct().toArray();
    return new NeededKeys(rootGeneration, hashes);
  }

  /** False only when no snapshot of this generation needs the key. */
  boolean mayNeed(String objectKey) {
    return Arrays.binarySearch(sortedHashes, hash(objectKey)) >= 0;
  }

  int size() {
    return sortedHashes.length;
  }

  /** FNV-1a over the key's UTF-8 bytes, then a final mix so close keys spread over the whole range. */
  static long hash(String objectKey) {
    long h = 0xcbf29ce484222325L;
    for (byte b : objectKey.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
