package dev.aevum.server.matching;

import com.google.protobuf.ByteString;

/** For tests: a poll's answer, serialized; empty when the poll expired without a task. */
record PollResponse(ByteString response) {
  ByteString getResponse() {
    return response;
  }
}
