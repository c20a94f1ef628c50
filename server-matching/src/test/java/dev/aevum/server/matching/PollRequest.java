package dev.aevum.server.matching;

import com.google.protobuf.ByteString;

/**
 * For tests: what a frontend sends with a long poll (its scope and the public request, serialized),
 * built as the tests read best; {@link MatchingTestBase} turns it into a {@code TaskPollApi} call.
 */
final class PollRequest {
  final String namespaceId;
  final String namespace;
  final String pollerId;
  final ByteString request;

  private PollRequest(Builder b) {
    this.namespaceId = b.namespaceId;
    this.namespace = b.namespace;
    this.pollerId = b.pollerId;
    this.request = b.request;
  }

  static Builder newBuilder() {
    return new Builder();
  }

  static final class Builder {
    private String namespaceId = "";
    private String namespace = "";
    private String pollerId = "";
    private ByteString request = ByteString.EMPTY;

    Builder setNamespaceId(String value) {
      namespaceId = value;
      return this;
    }

    Builder setNamespace(String value) {
      namespace = value;
      return this;
    }

    Builder setPollerId(String value) {
      pollerId = value;
      return this;
    }

    Builder setRequest(ByteString value) {
      request = value;
      return this;
    }

    PollRequest build() {
      return new PollRequest(this);
    }
  }
}
