package io.snapdrill.activities.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A repository in a directory: an fs repository's location, or a copy of a bucket's blobs. */
public final class DirectoryBlobStore implements BlobStore {
  private final Path root;

  public DirectoryBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public List<BlobEntry> list(String prefix) {
    if (!Files.isDirectory(root)) {
      throw new UncheckedIOException(root + " is not a directory", new NoSuchFileException(root.toString()));
    }
    List<BlobEntry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (key.startsWith(prefix)) {
          entries.add(new BlobEntry(key, Files.size(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    entries.sort(Comparator.comparing(BlobEntry::key));
    return entries;
  }

  @Override
  public byte[] read(String key) {
    Path file = root.resolve(key);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public VersionListing listVersions(String prefix) {
    return VersionListing.unsupported();
  }

  @Override
  public String locate(String key) {
    return root.resolve(key).toString();
  }

  @Override
  public String container() {
    return root.toString();
  }
}
