package dev.aevum.server.frontend.internal.visibility;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.aevum.persistence.VisibilityFilter;
import dev.aevum.persistence.VisibilityFilter.And;
import dev.aevum.persistence.VisibilityFilter.Column;
import dev.aevum.persistence.VisibilityFilter.ColumnCompare;
import dev.aevum.persistence.VisibilityFilter.ColumnPresent;
import dev.aevum.persistence.VisibilityFilter.Not;
import dev.aevum.persistence.VisibilityFilter.Operator;
import dev.aevum.persistence.VisibilityStore;
import dev.aevum.proto.persistence.NamespaceRecord;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.frontend.internal.searchattributes.SearchAttributeService;
import dev.aevum.server.frontend.internal.validation.Fields;
import io.temporal.api.activity.v1.ActivityExecutionListInfo;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CountActivityExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountActivityExecutionsResponse;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListActivityExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListActivityExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * List/Count/Scan of workflow executions: validates the request, parses the query, reads the
 * visibility store of the request's namespace. Page tokens carry the last row's position.
 */
public final class VisibilityService {
  /** Temporal's default and largest page (frontend.visibilityMaxPageSize). */
  static final int MAX_PAGE_SIZE = 1000;

  private static final String TOKEN_PREFIX = "aevum-visibility-v1:";

  private final VisibilityStore store;
  private final Namespaces namespaces;
  private final FrontendSettings settings;

  public VisibilityService(
      VisibilityStore store, Namespaces namespaces, FrontendSettings settings) {
    this.store = store;
    this.namespaces = namespaces;
    this.settings = settings;
  }

  public ListWorkflowExecutionsResponse list(ListWorkflowExecutionsRequest request) {
    NamespaceRecord ns = namespace(request.getNamespace());
    String namespaceId = ns.getId();
    QueryParser.Parsed query =
        QueryParser.parse(request.getQuery(), SearchAttributeService.custom(ns));
    if (query.groupByStatus()) {
      throw Errors.invalidArgument(
          "invalid query: GROUP BY is only supported by CountWorkflowExecutions");
    }
    VisibilityStore.Page page =
        page(namespaceId, query.filter(), request.getPageSize(), request.getNextPageToken());
    return ListWorkflowExecutionsResponse.newBuilder()
        .addAllExecutions(infos(page))
        .setNextPageToken(token(page))
        .build();
  }

  public CountWorkflowExecutionsResponse count(CountWorkflowExecutionsRequest request) {
    NamespaceRecord ns = namespace(request.getNamespace());
    String namespaceId = ns.getId();
    QueryParser.Parsed query =
        QueryParser.parse(request.getQuery(), SearchAttributeService.custom(ns));
    if (!query.groupByStatus()) {
      return CountWorkflowExecutionsResponse.newBuilder()
          .setCount(store.count(namespaceId, query.filter()))
          .build();
    }
    CountWorkflowExecutionsResponse.Builder response = CountWorkflowExecutionsResponse.newBuilder();
    long total = 0;
    for (Map.Entry<Integer, Long> group :
        store.countByStatus(namespaceId, query.filter()).entrySet()) {
      total += group.getValue();
      response.addGroups(
          CountWorkflowExecutionsResponse.AggregationGroup.newBuilder()
              .addGroupValues(keyword(StatusNames.name(group.getKey())))
              .setCount(group.getValue()));
    }
    return response.setCount(total).build();
  }

  /**
   * Standalone activities, listed apart from workflows; {@code ActivityId} and {@code ActivityType}
   * name their id and type in the query.
   */
  public ListActivityExecutionsResponse listActivities(ListActivityExecutionsRequest request) {
    NamespaceRecord ns = namespace(request.getNamespace());
    QueryParser.Parsed query =
        QueryParser.parse(request.getQuery(), SearchAttributeService.custom(ns));
    if (query.groupByStatus()) {
      throw Errors.invalidArgument(
          "invalid query: GROUP BY is only supported by CountActivityExecutions");
    }
    VisibilityStore.Page page =
        page(
            StandaloneActivityIds.visibilityNamespaceId(ns.getId()),
            query.filter(),
            request.getPageSize(),
            request.getNextPageToken());
    ListActivityExecutionsResponse.Builder response =
        ListActivityExecutionsResponse.newBuilder().setNextPageToken(token(page));
    for (WorkflowExecutionInfo info : infos(page)) {
      response.addExecutions(activityInfo(info));
    }
    return response.build();
  }

  public CountActivityExecutionsResponse countActivities(CountActivityExecutionsRequest request) {
    NamespaceRecord ns = namespace(request.getNamespace());
    String namespaceId = StandaloneActivityIds.visibilityNamespaceId(ns.getId());
    QueryParser.Parsed query =
        QueryParser.parse(request.getQuery(), SearchAttributeService.custom(ns));
    if (!query.groupByStatus()) {
      return CountActivityExecutionsResponse.newBuilder()
          .setCount(store.count(namespaceId, query.filter()))
          .build();
    }
    CountActivityExecutionsResponse.Builder response = CountActivityExecutionsResponse.newBuilder();
    long total = 0;
    for (Map.Entry<Integer, Long> group :
        store.countByStatus(namespaceId, query.filter()).entrySet()) {
      total += group.getValue();
      response.addGroups(
          CountActivityExecutionsResponse.AggregationGroup.newBuilder()
              .addGroupValues(keyword(StatusNames.name(group.getKey())))
              .setCount(group.getValue()));
    }
    return response.setCount(total).build();
  }

  /** A standalone activity's row (a run's info, under its activity id) as listings show it. */
  private static ActivityExecutionListInfo activityInfo(WorkflowExecutionInfo info) {
    ActivityExecutionListInfo.Builder out =
        ActivityExecutionListInfo.newBuilder()
            .setActivityId(info.getExecution().getWorkflowId())
            .setRunId(info.getExecution().getRunId())
            .setActivityType(ActivityType.newBuilder().setName(info.getType().getName()))
            .setScheduleTime(info.getStartTime())
            .setStatus(StandaloneActivityIds.status(info.getStatusValue()))
            .setSearchAttributes(info.getSearchAttributes())
            .setTaskQueue(info.getTaskQueue())
            .setStateTransitionCount(info.getStateTransitionCount())
            .setExecutionTime(info.getExecutionTime());
    if (info.hasCloseTime()) {
      out.setCloseTime(info.getCloseTime()).setExecutionDuration(info.getExecutionDuration());
    }
    return out.build();
  }

  public ListOpenWorkflowExecutionsResponse listOpen(ListOpenWorkflowExecutionsRequest request) {
    String namespaceId = namespaceId(request.getNamespace());
    List<VisibilityFilter> parts =
        new ArrayList<>(List.of(new Not(new ColumnPresent(Column.CLOSE_TIME))));
    addOldStyleFilters(
        parts,
        request.hasStartTimeFilter(),
        request.getStartTimeFilter(),
        request.hasExecutionFilter() ? request.getExecutionFilter().getWorkflowId() : "",
        request.hasTypeFilter() ? request.getTypeFilter().getName() : "");
    VisibilityStore.Page page =
        page(namespaceId, new And(parts), request.getMaximumPageSize(), request.getNextPageToken());
    return ListOpenWorkflowExecutionsResponse.newBuilder()
        .addAllExecutions(infos(page))
        .setNextPageToken(token(page))
        .build();
  }

  public ListClosedWorkflowExecutionsResponse listClosed(
      ListClosedWorkflowExecutionsRequest request) {
    String namespaceId = namespaceId(request.getNamespace());
    List<VisibilityFilter> parts = new ArrayList<>(List.of(new ColumnPresent(Column.CLOSE_TIME)));
    addOldStyleFilters(
        parts,
        request.hasStartTimeFilter(),
        request.getStartTimeFilter(),
        request.hasExecutionFilter() ? request.getExecutionFilter().getWorkflowId() : "",
        request.hasTypeFilter() ? request.getTypeFilter().getName() : "");
    if (request.hasStatusFilter()) {
      parts.add(
          new ColumnCompare(
              Column.STATUS, Operator.EQ, (long) request.getStatusFilter().getStatusValue()));
    }
    VisibilityStore.Page page =
        page(namespaceId, new And(parts), request.getMaximumPageSize(), request.getNextPageToken());
    return ListClosedWorkflowExecutionsResponse.newBuilder()
        .addAllExecutions(infos(page))
        .setNextPageToken(token(page))
        .build();
  }

  /**
   * The filters the deprecated ListOpen/ListClosed calls share; an empty id or type filters
   * nothing.
   */
  private static void addOldStyleFilters(
      List<VisibilityFilter> parts,
      boolean hasStartTime,
      StartTimeFilter startTime,
      String workflowId,
      String workflowType) {
    if (hasStartTime && startTime.hasEarliestTime()) {
      parts.add(
          new ColumnCompare(Column.START_TIME, Operator.GE, millis(startTime.getEarliestTime())));
    }
    if (hasStartTime && startTime.hasLatestTime()) {
      parts.add(
          new ColumnCompare(Column.START_TIME, Operator.LE, millis(startTime.getLatestTime())));
    }
    if (!workflowId.isEmpty()) {
      parts.add(new ColumnCompare(Column.WORKFLOW_ID, Operator.EQ, workflowId));
    }
    if (!workflowType.isEmpty()) {
      parts.add(new ColumnCompare(Column.WORKFLOW_TYPE, Operator.EQ, workflowType));
    }
  }

  private String namespaceId(String namespace) {
    return namespace(namespace).getId();
  }

  private NamespaceRecord namespace(String namespace) {
    Fields.namespace(namespace, settings.maxIdLength());
    return namespaces.byName(namespace);
  }

  private VisibilityStore.Page page(
      String namespaceId, VisibilityFilter filter, int pageSize, ByteString token) {
    if (pageSize < 0) {
      throw Errors.invalidArgument("PageSize must not be negative, got " + pageSize + ".");
    }
    int size = pageSize == 0 ? MAX_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    return store.list(namespaceId, filter, size, cursor(token));
  }

  private static Long millis(Timestamp time) {
    return Timestamps.toMillis(time);
  }

  private static List<WorkflowExecutionInfo> infos(VisibilityStore.Page page) {
    List<WorkflowExecutionInfo> out = new ArrayList<>(page.infos().size());
    for (byte[] info : page.infos()) {
      try {
        out.add(WorkflowExecutionInfo.parseFrom(info));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt visibility row", e);
      }
    }
    return out;
  }

  private static ByteString token(VisibilityStore.Page page) {
    return page.next()
        .map(c -> ByteString.copyFromUtf8(TOKEN_PREFIX + c.startTimeMs() + ":" + c.runId()))
        .orElse(ByteString.EMPTY);
  }

  private static Optional<VisibilityStore.Cursor> cursor(ByteString token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    String text = token.toStringUtf8();
    int colon = text.indexOf(':', TOKEN_PREFIX.length());
    if (text.startsWith(TOKEN_PREFIX) && colon > 0) {
      try {
        long startTimeMs = Long.parseLong(text.substring(TOKEN_PREFIX.length(), colon));
        return Optional.of(new VisibilityStore.Cursor(startTimeMs, text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        // fall through to the error
      }
    }
    throw Errors.invalidArgument("NextPageToken is not a token this server returned.");
  }

  private static Payload keyword(String value) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .putMetadata("type", ByteString.copyFromUtf8("Keyword"))
        .setData(ByteString.copyFrom(("\"" + value + "\"").getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
