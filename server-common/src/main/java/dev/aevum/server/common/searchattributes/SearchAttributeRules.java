package dev.aevum.server.common.searchattributes;

import com.google.protobuf.ByteString;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.ServiceException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Temporal's checks of search attributes a request or command writes (common/searchattribute/
 * validator.go): every name must be known in the namespace and settable, every value must decode as
 * the attribute's type, and count and sizes stay within limits. Messages are Temporal's.
 */
public final class SearchAttributeRules {
  /**
   * Temporal's defaults: frontend.searchAttributesNumberOfKeysLimit, SizeOfValueLimit and
   * TotalSizeLimit.
   */
  public record Limits(int maxKeys, int maxValueBytes, int maxTotalBytes) {
    public static Limits defaults() {
      return new Limits(100, 2 * 1024, 40 * 1024);
    }
  }

  private SearchAttributeRules() {}

  /**
   * Checks names and values against the namespace's attributes and returns the attributes to store:
   * each value's {@code type} metadata set to the attribute's type, as Temporal reports it.
   *
   * @param custom the namespace's registered custom attributes
   * @throws ServiceException INVALID_ARGUMENT naming the first bad attribute
   */
  public static SearchAttributes validate(
      SearchAttributes attributes, Map<String, IndexedValueType> custom, Limits limits) {
    int count = attributes.getIndexedFieldsCount();
    if (count == 0) {
      return attributes;
    }
    if (count > limits.maxKeys()) {
      throw Errors.invalidArgument(
          "number of search attributes " + count + " exceeds limit " + limits.maxKeys());
    }
    SearchAttributes.Builder out = SearchAttributes.newBuilder();
    for (Map.Entry<String, Payload> entry :
        new TreeMap<>(attributes.getIndexedFieldsMap()).entrySet()) {
      String name = entry.getKey();
      if (SearchAttributeNames.SYSTEM.containsKey(name)
          || (SearchAttributeNames.PREDEFINED.containsKey(name)
              && !SearchAttributeNames.SETTABLE_PREDEFINED.contains(name))) {
        throw Errors.invalidArgument(name + " attribute can't be set in SearchAttributes");
      }
      Optional<IndexedValueType> type = SearchAttributeNames.typeOf(name, custom);
      if (type.isEmpty()) {
        throw Errors.invalidArgument("search attribute " + name + " is not defined");
      }
      Optional<String> problem = SearchAttributeJson.problem(entry.getValue(), type.get());
      if (problem.isPresent()) {
        throw Errors.invalidArgument(
            "invalid value for search attribute "
                + name
                + " of type "
                + SearchAttributeNames.typeName(type.get())
                + ": "
                + problem.get());
      }
      out.putIndexedFields(name, typed(entry.getValue(), type.get()));
    }
    return out.build();
  }

  /** Temporal's ValidateSize: each value, then the whole message. */
  public static void validateSize(SearchAttributes attributes, Limits limits) {
    for (Map.Entry<String, Payload> entry :
        new TreeMap<>(attributes.getIndexedFieldsMap()).entrySet()) {
      int size = entry.getValue().getData().size();
      if (size > limits.maxValueBytes()) {
        throw Errors.invalidArgument(
            "search attribute "
                + entry.getKey()
                + " value size "
                + size
                + " exceeds size limit "
                + limits.maxValueBytes());
      }
    }
    int total = attributes.getSerializedSize();
    if (total > limits.maxTotalBytes()) {
      throw Errors.invalidArgument(
          "total size of search attributes "
              + total
              + " exceeds size limit "
              + limits.maxTotalBytes());
    }
  }

  /** A removal (no value) stays as it is; values carry the attribute's type. */
  /**
   * The value with its type named in its metadata. A type the SDK named already stays, as in
   * Temporal (the value was checked against the registered type): SDKs decode by it.
   */
  private static Payload typed(Payload value, IndexedValueType type) {
    if (SearchAttributeJson.isRemoval(value) || value.containsMetadata("type")) {
      return value;
    }
    return value.toBuilder()
        .putMetadata("type", ByteString.copyFromUtf8(SearchAttributeNames.typeName(type)))
        .build();
  }
}
