package dev.aevum.server.frontend.internal.searchattributes;

import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT;

import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.frontend.internal.namespaces.NamespaceService;
import dev.aevum.server.frontend.internal.validation.Fields;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.RemoveSearchAttributesResponse;
import io.temporal.api.workflowservice.v1.GetSearchAttributesResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The search attribute registry: Temporal's system attributes, the custom attributes every
 * namespace has (those Temporal's dev server predefines), and the ones registered per namespace
 * with AddSearchAttributes. Aevum indexes unregistered names too (by their value's type); the
 * registry is what tools list and what setup scripts create.
 */
public final class SearchAttributeService {
  /** Custom attributes per namespace, a bound like Temporal's per-type limits on SQL stores. */
  static final int MAX_CUSTOM_ATTRIBUTES = 100;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static final Map<String, IndexedValueType> SYSTEM = ordered(
      "WorkflowId", INDEXED_VALUE_TYPE_KEYWORD,
      "RunId", INDEXED_VALUE_TYPE_KEYWORD,
      "WorkflowType", INDEXED_VALUE_TYPE_KEYWORD,
      "StartTime", INDEXED_VALUE_TYPE_DATETIME,
      "ExecutionTime", INDEXED_VALUE_TYPE_DATETIME,
      "CloseTime", INDEXED_VALUE_TYPE_DATETIME,
      "ExecutionStatus", INDEXED_VALUE_TYPE_KEYWORD,
      "TaskQueue", INDEXED_VALUE_TYPE_KEYWORD,
      "HistoryLength", INDEXED_VALUE_TYPE_INT,
      "HistorySizeBytes", INDEXED_VALUE_TYPE_INT,
      "ExecutionDuration", INDEXED_VALUE_TYPE_INT,
      "StateTransitionCount", INDEXED_VALUE_TYPE_INT,
      "TemporalChangeVersion", INDEXED_VALUE_TYPE_KEYWORD_LIST,
      "BinaryChecksums", INDEXED_VALUE_TYPE_KEYWORD_LIST,
      "BuildIds", INDEXED_VALUE_TYPE_KEYWORD_LIST,
      "BatcherNamespace", INDEXED_VALUE_TYPE_KEYWORD,
      "BatcherUser", INDEXED_VALUE_TYPE_KEYWORD,
      "ParentWorkflowId", INDEXED_VALUE_TYPE_KEYWORD,
      "ParentRunId", INDEXED_VALUE_TYPE_KEYWORD,
      "RootWorkflowId", INDEXED_VALUE_TYPE_KEYWORD,
      "RootRunId", INDEXED_VALUE_TYPE_KEYWORD,
      "TemporalScheduledStartTime", INDEXED_VALUE_TYPE_DATETIME,
      "TemporalScheduledById", INDEXED_VALUE_TYPE_KEYWORD,
      "TemporalSchedulePaused", INDEXED_VALUE_TYPE_BOOL,
      "TemporalNamespaceDivision", INDEXED_VALUE_TYPE_KEYWORD);

  /** What Temporal's dev server and test server predefine; SDK samples and tests rely on them. */
  static final Map<String, IndexedValueType> PREDEFINED = ordered(
      "CustomKeywordField", INDEXED_VALUE_TYPE_KEYWORD,
      "CustomStringField", INDEXED_VALUE_TYPE_TEXT,
      "CustomTextField", INDEXED_VALUE_TYPE_TEXT,
      "CustomIntField", INDEXED_VALUE_TYPE_INT,
      "CustomDatetimeField", INDEXED_VALUE_TYPE_DATETIME,
      "CustomDoubleField", INDEXED_VALUE_TYPE_DOUBLE,
      "CustomBoolField", INDEXED_VALUE_TYPE_BOOL);

  private final NamespaceService namespaceService;
  private final Namespaces namespaces;
  private final FrontendSettings settings;

  public SearchAttributeService(NamespaceService namespaceService, Namespaces namespaces, FrontendSettings settings) {
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
    wanted.forEach((name, type) -> {
      if (!NAME.matcher(name).matches()) {
        throw Errors.invalidArgument("Search attribute name " + quote(name)
            + " is invalid: use letters, digits and underscores, not starting with a digit.");
      }
      if (SYSTEM.containsKey(name)) {
        throw Errors.invalidArgument("Search attribute " + name + " is reserved by system.");
      }
      if (type == IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED || type == IndexedValueType.UNRECOGNIZED) {
        throw Errors.invalidArgument("Search attribute " + name + " has no valid type; use one of "
            + "Text, Keyword, Int, Double, Bool, Datetime, KeywordList.");
      }
    });
    namespaces.byName(request.getNamespace()); // NOT_FOUND for a missing or deleted namespace
    namespaceService.modify(request.getNamespace(), record -> {
      Map<String, IndexedValueType> existing = custom(record);
      NamespaceRecord.Builder next = record.toBuilder();
      wanted.forEach((name, type) -> {
        IndexedValueType known = existing.get(name);
        if (known != null && known != type) {
          throw Errors.invalidArgument("Search attribute " + name + " already exists with type "
              + typeName(known) + ", not " + typeName(type) + ".");
        }
        if (known == null) {
          next.putCustomSearchAttributes(name, type.getNumber());
        }
      });
      if (next.getCustomSearchAttributesCount() + PREDEFINED.size() > MAX_CUSTOM_ATTRIBUTES) {
        throw Errors.invalidArgument("Namespace " + request.getNamespace() + " would have more than "
            + MAX_CUSTOM_ATTRIBUTES + " custom search attributes.");
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
    namespaceService.modify(request.getNamespace(), record -> {
      NamespaceRecord.Builder next = record.toBuilder();
      for (String name : request.getSearchAttributesList()) {
        if (PREDEFINED.containsKey(name) || SYSTEM.containsKey(name)) {
          throw Errors.invalidArgument("Search attribute " + name + " is predefined and cannot be removed.");
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
    return GetSearchAttributesResponse.newBuilder().putAllKeys(SYSTEM).putAllKeys(PREDEFINED).build();
  }

  private static Map<String, IndexedValueType> custom(NamespaceRecord record) {
    Map<String, IndexedValueType> all = new TreeMap<>(PREDEFINED);
    record.getCustomSearchAttributesMap().forEach((name, type) -> all.put(name, IndexedValueType.forNumber(type)));
    return all;
  }

  private static String typeName(IndexedValueType type) {
    StringBuilder name = new StringBuilder();
    for (String word : type.name().substring("INDEXED_VALUE_TYPE_".length()).split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return name.toString();
  }

  private static String quote(String name) {
    return "\"" + name + "\"";
  }

  private static Map<String, IndexedValueType> ordered(Object... pairs) {
    Map<String, IndexedValueType> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (IndexedValueType) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
