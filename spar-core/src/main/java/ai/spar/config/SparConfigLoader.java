package ai.spar.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads a {@link SparConfig}: defaults, then a YAML file, then {@code key.path=value} overrides
 * (the command line), each merged onto the one before. Keys are snake_case; enum values are
 * case-insensitive ({@code bfs}, {@code best_of_n}). An unknown key or a value out of range fails
 * with the source and the key.
 *
 * <p>Thread-safe.
 */
public final class SparConfigLoader {
  private static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private SparConfigLoader() {}

  /** Where the default configuration lives (relative paths are found by {@link ConfFiles}). */
  public static final String DEFAULT_FILE = "conf/spar.yaml";

  /**
   * The configuration a command runs with: {@code file} (or {@link #DEFAULT_FILE} when null, found
   * in the working directory, SPAR_HOME or the classpath) merged onto the defaults, then the
   * overrides.
   */
  public static SparConfig resolve(String file, Map<String, String> overrides) {
    String name = file == null ? DEFAULT_FILE : file;
    return parse(ConfFiles.read(name), name, overrides);
  }

  /** Reads a YAML file onto the defaults. */
  public static SparConfig load(Path file) {
    return load(file, Map.of());
  }

  /**
   * Reads a YAML file onto the defaults, then applies overrides.
   *
   * @param file a YAML file, or {@code null} for defaults only
   * @param overrides dotted keys to values, e.g. {@code search.branch -> 4}
   * @throws IllegalArgumentException naming the file and key of an unknown key or a bad value
   * @throws UncheckedIOException if the file cannot be read
   */
  public static SparConfig load(Path file, Map<String, String> overrides) {
    if (file == null) {
      return parse("", "defaults", overrides);
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), overrides);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
  }

  /**
   * Parses YAML text onto the defaults, then applies overrides.
   *
   * @param source names the text in error messages (a path, or "inline")
   */
  public static SparConfig parse(String yaml, String source, Map<String, String> overrides) {
    Preconditions.checkArgument(yaml != null, "yaml must not be null");
    ObjectNode merged = MAPPER.valueToTree(SparConfig.defaults());
    JsonNode fileTree;
    try {
      fileTree = MAPPER.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (fileTree != null && !fileTree.isMissingNode() && !fileTree.isNull()) {
      Preconditions.checkArgument(
          fileTree.isObject(), "%s: the top level must be a mapping of sections", source);
      merge(merged, (ObjectNode) fileTree);
    }
    ObjectNode fileOnly = merged.deepCopy();
    for (Map.Entry<String, String> override : overrides.entrySet()) {
      set(merged, override.getKey(), override.getValue());
    }
    try {
      return bind(merged, source);
    } catch (IllegalArgumentException e) {
      if (overrides.isEmpty() || !binds(fileOnly)) {
        throw e;
      }
      // The file is fine on its own: blame the first override that breaks it.
      for (Map.Entry<String, String> override : overrides.entrySet()) {
        set(fileOnly, override.getKey(), override.getValue());
        bind(fileOnly, "--set " + override.getKey() + "=" + override.getValue());
      }
      throw e;
    }
  }

  private static boolean binds(ObjectNode tree) {
    try {
      bind(tree, "");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Binds a merged tree.
   *
   * @param source what to blame in messages: the file, or the override
   */
  private static SparConfig bind(ObjectNode merged, String source) {
    try {
      return MAPPER.treeToValue(merged, SparConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s: unknown key '%s' (known keys here: %s)", source, path(e), known),
          e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(source + ": " + cause.getMessage(), e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          source + ": bad value at '" + path(e) + "': " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The configuration as YAML (what {@code spar config show} would print). */
  public static String toYaml(SparConfig config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as YAML", e);
    }
  }

  private static void merge(ObjectNode base, ObjectNode overlay) {
    for (Map.Entry<String, JsonNode> field : overlay.properties()) {
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode existingObject
          && field.getValue() instanceof ObjectNode next) {
        merge(existingObject, next);
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void set(ObjectNode root, String dottedKey, String value) {
    Preconditions.checkArgument(
        dottedKey != null && !dottedKey.isBlank(), "override key must not be blank");
    String[] parts = dottedKey.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      Preconditions.checkArgument(
          child instanceof ObjectNode,
          "override '%s': '%s' is not a configuration section",
          dottedKey,
          parts[i]);
      node = (ObjectNode) child;
    }
    String last = parts[parts.length - 1];
    JsonNode existing = node.get(last);
    if (existing != null && existing.isArray()) {
      // a list key takes comma-separated values: --set model.endpoints=http://a/v1,http://b/v1
      com.fasterxml.jackson.databind.node.ArrayNode list = node.putArray(last);
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          list.add(item.strip());
        }
      }
    } else {
      node.put(last, value);
    }
  }

  private static String path(JsonMappingException e) {
    List<String> names = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        names.add(ref.getFieldName());
      }
    }
    return String.join(".", names);
  }
}
