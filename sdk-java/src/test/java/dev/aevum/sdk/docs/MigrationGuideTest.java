package dev.aevum.sdk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/migrating-from-temporal.md names every public type of the SDK, so it cannot fall behind. */
class MigrationGuideTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/aevum/sdk");
  private static final Path GUIDE = Path.of("../docs/migrating-from-temporal.md");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public (?:final |abstract )?(?:class|interface|record|enum|@interface) (\\w+)",
          Pattern.MULTILINE);

  @Test
  void theGuideNamesEveryPublicType() throws IOException {
    List<String> types = publicTypes();
    assertThat(types).contains("AevumClient", "Workflow", "ActivityOptions", "TypeRef");
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);

    assertThat(types)
        .as("public SDK types the migration guide does not name as `Type`")
        .allSatisfy(type -> assertThat(guide).contains("`" + type + "`"));
  }

  private static List<String> publicTypes() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !SOURCES.relativize(f).toString().startsWith("internal"))
          .flatMap(MigrationGuideTest::declaredPublicTypes)
          .sorted()
          .toList();
    }
  }

  private static Stream<String> declaredPublicTypes(Path file) {
    try {
      var matcher = PUBLIC_TYPE.matcher(Files.readString(file, StandardCharsets.UTF_8));
      return matcher.find() ? Stream.of(matcher.group(1)) : Stream.empty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
