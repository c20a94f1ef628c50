package dev.aevum.sdk.internal.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.history.v1.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads histories exported as JSON. Besides protobuf JSON (Temporal's CLI), it accepts the older
 * export of tctl and the Web UI, which writes enum values without their prefix and in CamelCase
 * ({@code "eventType": "WorkflowExecutionStarted"}): those are rewritten to the proto names first.
 */
public final class HistoryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Enum prefix by field name, for fields whose name alone tells the enum. */
  private static final Map<String, String> PREFIXES =
      Map.of(
          "eventType", "EVENT_TYPE_",
          "kind", "TASK_QUEUE_KIND_",
          "parentClosePolicy", "PARENT_CLOSE_POLICY_",
          "workflowIdReusePolicy", "WORKFLOW_ID_REUSE_POLICY_",
          "initiator", "CONTINUE_AS_NEW_INITIATOR_",
          "timeoutType", "TIMEOUT_TYPE_",
          "retryState", "RETRY_STATE_");

  /** The {@code cause} field's enum depends on the event attributes it is in. */
  private static final Map<String, String> CAUSE_PREFIXES =
      Map.of(
          "workflowTaskFailedEventAttributes", "WORKFLOW_TASK_FAILED_CAUSE_",
          "startChildWorkflowExecutionFailedEventAttributes",
              "START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_",
          "signalExternalWorkflowExecutionFailedEventAttributes",
              "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_",
          "requestCancelExternalWorkflowExecutionFailedEventAttributes",
              "CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_");

  private HistoryJson() {}

  public static History parse(String json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("json: not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("json: expected an object with an \"events\" array");
    }
    normalize(tree, "");
    History.Builder builder = History.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(tree.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "json: not a history in protobuf JSON form: " + e.getMessage(), e);
    }
    return builder.build();
  }

  private static void normalize(JsonNode node, String fieldName) {
    if (node.isArray()) {
      node.forEach(element -> normalize(element, fieldName));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) node;
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = object.get(name);
      String prefix = name.equals("cause") ? CAUSE_PREFIXES.get(fieldName) : PREFIXES.get(name);
      if (prefix != null && value.isTextual() && !value.asText().startsWith(prefix)) {
        object.set(name, TextNode.valueOf(prefix + upperSnake(value.asText())));
      } else {
        normalize(value, name);
      }
    }
  }

  /** "WorkflowExecutionStarted" to "WORKFLOW_EXECUTION_STARTED". */
  static String upperSnake(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && camel.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
