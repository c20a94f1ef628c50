package dev.aevum.server.frontend.internal.searchattributes;

import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.searchattributes.SearchAttributeNames;
import dev.aevum.server.common.searchattributes.SearchAttributeRules;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.frontend.internal.namespaces.NamespaceService;
import dev.aevum.server.frontend.internal.validation.Fields;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesResponse;
import io.temporal.api.workflowservice.v1.GetSearchAttributesResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The search attribute registry: Temporal's system attributes, the custom attributes every
 * namespace has (those Temporal's dev server predefines), and the ones registered per namespace
 * with AddSearchAttributes. Requests may only write attributes the registry knows, with values of
 * their type ({@link #validated}).
 */
public final class SearchAttributeService {
  static final SearchAttributeRules.Limits LIMITS = SearchAttributeRules.Limits.defaults();

  /** Custom attributes per namespace, a bound like Temporal's per-type limits on SQL stores. */
  static final int MAX_CUSTOM_ATTRIBUTES = 100;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * What ListSearchAttributes reports as system attributes: Temporal's system and predefined ones.
   */
  static final Map<String, IndexedValueType> SYSTEM =
      concat(SearchAttributeNames.SYSTEM, SearchAttributeNames.PREDEFINED);

  /** What Temporal's dev server and test server predefine; SDK samples and tests rely on them. */
  static final Map<String, IndexedValueType> PREDEFINED = SearchAttributeNames.DEV_SERVER_CUSTOM;

  private final NamespaceService namespaceService;
  private final Namespaces namespaces;
  private final FrontendSettings settings;

  public SearchAttributeService(
      NamespaceService namespaceService, Namespaces namespaces, FrontendSettings settings) {
    this.namespaceService = namespaceService;
    this.namespaces = namespaces;
    this.settings = settings;
  }

  public AddSearchAttributesResponse add(AddSearchAttributesRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    if (request.getSearchAttributesCount() == 0) {
      throw Errors.invalidArgument("SearchAttributes are not set on request.");
    }
    Map<String, IndexedValueType> wanted = new TreeMap<>(request.getSearchAttributesMap());
    wanted.forEach(
        (name, type) -> {
          if (!NAME.matcher(name).matches()) {
            throw Errors.invalidArgument(
                "Search attribute name "
                    + quote(name)
                    + " is invalid: use letters, digits and underscores, not starting with a digit.");
          }
          if (SYSTEM.containsKey(name)) {
            throw Errors.invalidArgument("Search attribute " + name + " is reserved by system.");
          }
          if (type == IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED
              || type == IndexedValueType.UNRECOGNIZED) {
            throw Errors.invalidArgument(
                "Search attribute "
                    + name
                    + " has no valid type; use one of "
                    + "Text, Keyword, Int, Double, Bool, Datetime, KeywordList.");
          }
        });
    namespaces.byName(request.getNamespace()); // NOT_FOUND for a missing or deleted namespace
    namespaceService.modify(
        request.getNamespace(),
        record -> {
          Map<String, IndexedValueType> existing = custom(record);
          NamespaceRecord.Builder next = record.toBuilder();
          wanted.forEach(
              (name, type) -> {
                IndexedValueType known = existing.get(name);
                if (known != null && known != type) {
                  throw Errors.invalidArgument(
                      "Search attribute "
                          + name
                          + " already exists with type "
                          + SearchAttributeNames.typeName(known)
                          + ", not "
                          + SearchAttributeNames.typeName(type)
                          + ".");
                }
                if (known == null) {
                  next.putCustomSearchAttributes(name, type.getNumber());
                }
              });
          if (next.getCustomSearchAttributesCount() + PREDEFINED.size() > MAX_CUSTOM_ATTRIBUTES) {
            throw Errors.invalidArgument(
                "Namespace "
                    + request.getNamespace()
                    + " would have more than "
                    + MAX_CUSTOM_ATTRIBUTES
                    + " custom search attributes.");
          }
          return next.build();
        });
    return AddSearchAttributesResponse.getDefaultInstance();
  }

  public RemoveSearchAttributesResponse remove(RemoveSearchAttributesRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    if (request.getSearchAttributesCount() == 0) {
      throw Errors.invalidArgument("SearchAttributes are not set on request.");
    }
    namespaces.byName(request.getNamespace()); // NOT_FOUND for a missing or deleted namespace
    namespaceService.modify(
        request.getNamespace(),
        record -> {
          NamespaceRecord.Builder next = record.toBuilder();
          for (String name : request.getSearchAttributesList()) {
            if (PREDEFINED.containsKey(name) || SYSTEM.containsKey(name)) {
              throw Errors.invalidArgument(
                  "Search attribute " + name + " is predefined and cannot be removed.");
            }
            if (!next.containsCustomSearchAttributes(name)) {
              throw Errors.notFound("Search attribute " + name + " doesn't exist.");
            }
            next.removeCustomSearchAttributes(name);
          }
          return next.build();
        });
    return RemoveSearchAttributesResponse.getDefaultInstance();
  }

  public ListSearchAttributesResponse list(ListSearchAttributesRequest request) {
    Fields.namespace(request.getNamespace(), settings.maxIdLength());
    return ListSearchAttributesResponse.newBuilder()
        .putAllCustomAttributes(custom(namespaces.byName(request.getNamespace())))
        .putAllSystemAttributes(SYSTEM)
        .build();
  }

  /** The cluster-wide keys (GetSearchAttributes has no namespace): system and predefined ones. */
  public GetSearchAttributesResponse keys() {
    return GetSearchAttributesResponse.newBuilder()
        .putAllKeys(SYSTEM)
        .putAllKeys(PREDEFINED)
        .build();
  }

  /** The namespace's custom attributes: the predefined Custom*Field ones and those registered. */
  public static Map<String, IndexedValueType> custom(NamespaceRecord record) {
    return SearchAttributeNames.custom(record.getCustomSearchAttributesMap());
  }

  /**
   * Search attributes a request writes, checked against the namespace's attributes and Temporal's
   * limits; returns them with each value's type metadata set to its attribute's type.
   */
  public SearchAttributes validated(NamespaceRecord namespace, SearchAttributes attributes) {
    SearchAttributes valid = SearchAttributeRules.validate(attributes, custom(namespace), LIMITS);
    SearchAttributeRules.validateSize(valid, LIMITS);
    return valid;
  }

  private static String quote(String name) {
    return "\"" + name + "\"";
  }

  private static Map<String, IndexedValueType> concat(
      Map<String, IndexedValueType> a, Map<String, IndexedValueType> b) {
    Map<String, IndexedValueType> map = new LinkedHashMap<>(a);
    map.putAll(b);
    return Collections.unmodifiableMap(map);
  }
}
