/**
 * The frontend's public gRPC services: {@link WorkflowServiceImpl} validates each request at the
 * edge, resolves its namespace and routes it to history or matching without holding a thread, and
 * {@link OperatorServiceImpl} serves the operator calls. {@link RequestDecoding} parses requests
 * itself, so malformed bytes get INVALID_ARGUMENT, and methods Aevum does not implement answer
 * UNIMPLEMENTED through {@link Unsupported}. The checks and per-area services they call are in the
 * subpackages.
 */
package dev.aevum.server.frontend.internal;
