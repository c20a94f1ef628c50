/**
 * The frontend role: the public WorkflowService and OperatorService plus gRPC health, which
 * validate requests, resolve namespaces and route calls to history and matching. {@link
 * FrontendRole} and {@link FrontendSettings} are what {@code server-app} wires; {@link Namespaces}
 * is the cached registry every call resolves its namespace through, and {@link
 * ApiKeyAuthentication} the optional API key check. The services themselves are in {@code
 * internal}.
 */
package dev.aevum.server.frontend;
