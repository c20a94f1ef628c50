package dev.aevum.server.common.searchattributes;

import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST;
import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT;

import dev.aevum.server.common.EnumNames;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The search attributes every namespace has, in Temporal's categories (common/searchattribute/
 * sadefs): system attributes the server fills from the run, predefined ones stored with the custom
 * values (only some of which users may set), and the Custom*Field attributes Temporal's dev server
 * registers. Custom attributes registered per namespace come on top.
 */
public final class SearchAttributeNames {
  private SearchAttributeNames() {}

  /** Filled by the server; a request may not set them. */
  public static final Map<String, IndexedValueType> SYSTEM =
      ordered(
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
          "ParentWorkflowId", INDEXED_VALUE_TYPE_KEYWORD,
          "ParentRunId", INDEXED_VALUE_TYPE_KEYWORD,
          "RootWorkflowId", INDEXED_VALUE_TYPE_KEYWORD,
          "RootRunId", INDEXED_VALUE_TYPE_KEYWORD);

  /**
   * Stored with the custom values; SDKs set some (TemporalChangeVersion comes with every
   * getVersion).
   */
  public static final Map<String, IndexedValueType> PREDEFINED =
      ordered(
          "TemporalChangeVersion", INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "BinaryChecksums", INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "BuildIds", INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "BatcherNamespace", INDEXED_VALUE_TYPE_KEYWORD,
          "BatcherUser", INDEXED_VALUE_TYPE_KEYWORD,
          "TemporalScheduledStartTime", INDEXED_VALUE_TYPE_DATETIME,
          "TemporalScheduledById", INDEXED_VALUE_TYPE_KEYWORD,
          "TemporalSchedulePaused", INDEXED_VALUE_TYPE_BOOL,
          "TemporalNamespaceDivision", INDEXED_VALUE_TYPE_KEYWORD,
          "TemporalPauseInfo", INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "TemporalReportedProblems", INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "TemporalWorkerDeploymentVersion", INDEXED_VALUE_TYPE_KEYWORD,
          "TemporalWorkflowVersioningBehavior", INDEXED_VALUE_TYPE_KEYWORD,
          "TemporalWorkerDeployment", INDEXED_VALUE_TYPE_KEYWORD,
          "TemporalUsedWorkerDeploymentVersions", INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "TemporalExternalPayloadCount", INDEXED_VALUE_TYPE_INT,
          "TemporalExternalPayloadSizeBytes", INDEXED_VALUE_TYPE_INT);

  /**
   * The predefined attributes users may set (Temporal's predefinedWhiteList); the others are
   * internal.
   */
  static final Set<String> SETTABLE_PREDEFINED =
      Set.of(
          "TemporalChangeVersion",
          "BinaryChecksums",
          "BuildIds",
          "BatcherNamespace",
          "BatcherUser",
          "TemporalScheduledStartTime",
          "TemporalScheduledById",
          "TemporalSchedulePaused",
          "TemporalNamespaceDivision",
          "TemporalPauseInfo",
          "TemporalReportedProblems");

  /**
   * What Temporal's dev server and test server register in every namespace; SDK samples and tests
   * rely on them.
   */
  public static final Map<String, IndexedValueType> DEV_SERVER_CUSTOM =
      ordered(
          "CustomKeywordField", INDEXED_VALUE_TYPE_KEYWORD,
          "CustomStringField", INDEXED_VALUE_TYPE_TEXT,
          "CustomTextField", INDEXED_VALUE_TYPE_TEXT,
          "CustomIntField", INDEXED_VALUE_TYPE_INT,
          "CustomDatetimeField", INDEXED_VALUE_TYPE_DATETIME,
          "CustomDoubleField", INDEXED_VALUE_TYPE_DOUBLE,
          "CustomBoolField", INDEXED_VALUE_TYPE_BOOL);

  /**
   * The type of {@code name} in a namespace whose registered custom attributes are {@code custom}.
   */
  public static Optional<IndexedValueType> typeOf(
      String name, Map<String, IndexedValueType> custom) {
    IndexedValueType type = SYSTEM.get(name);
    if (type == null) {
      type = PREDEFINED.get(name);
    }
    if (type == null) {
      type = DEV_SERVER_CUSTOM.get(name);
    }
    if (type == null) {
      type = custom.get(name);
    }
    return Optional.ofNullable(type);
  }

  /**
   * The registered custom attributes of a namespace record's map (type numbers), with the
   * dev-server ones.
   */
  public static Map<String, IndexedValueType> custom(Map<String, Integer> registered) {
    Map<String, IndexedValueType> all = new TreeMap<>(DEV_SERVER_CUSTOM);
    registered.forEach(
        (name, number) -> {
          IndexedValueType type = IndexedValueType.forNumber(number);
          if (type != null) {
            all.put(name, type);
          }
        });
    return all;
  }

  /** Go's String() of the type, as Temporal's messages print it: Keyword, KeywordList, ... */
  public static String typeName(IndexedValueType type) {
    if (type == IndexedValueType.UNRECOGNIZED
        || type == IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED) {
      return "Unspecified";
    }
    return EnumNames.of(type, "INDEXED_VALUE_TYPE_");
  }

  private static Map<String, IndexedValueType> ordered(Object... pairs) {
    Map<String, IndexedValueType> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (IndexedValueType) pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
