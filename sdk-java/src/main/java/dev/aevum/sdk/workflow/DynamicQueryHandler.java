package dev.aevum.sdk.workflow;

import dev.aevum.sdk.converter.EncodedValues;

/**
 * Answers the queries that no {@code @QueryMethod} handles; see {@link
 * Workflow#registerDynamicQueryHandler}.
 */
@FunctionalInterface
public interface DynamicQueryHandler {
  Object handle(String queryType, EncodedValues args);
}
