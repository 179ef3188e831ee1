package io.snapdrill.worker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

class S3MockProcessTest {

  @Test
  void theVersionComesFromTheBuildThatCopiedTheJar() throws Exception {
    Properties copied = new Properties();
    try (JarFile jar = new JarFile(S3MockProcess.locateJar().toFile());
        InputStream in = jar.getInputStream(jar.getEntry("META-INF/maven/com.adobe.testing/s3mock/pom.properties"))) {
      copied.load(in);
    }

    assertThat(S3MockProcess.version()).matches("\\d+\\.\\d+\\.\\d+.*").isEqualTo(copied.getProperty("version"));
  }
}
