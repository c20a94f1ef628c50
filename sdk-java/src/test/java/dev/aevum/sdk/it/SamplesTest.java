package dev.aevum.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.AevumServiceException;
import dev.aevum.sdk.samples.ActivityRetrySample;
import dev.aevum.sdk.samples.AsyncCompletionSample;
import dev.aevum.sdk.samples.CancellationSample;
import dev.aevum.sdk.samples.ChildWorkflowSample;
import dev.aevum.sdk.samples.ContinueAsNewSample;
import dev.aevum.sdk.samples.DynamicSample;
import dev.aevum.sdk.samples.HeartbeatSample;
import dev.aevum.sdk.samples.InterceptorSample;
import dev.aevum.sdk.samples.ListingSample;
import dev.aevum.sdk.samples.LocalActivitySample;
import dev.aevum.sdk.samples.ParallelActivitiesSample;
import dev.aevum.sdk.samples.PayloadCodecSample;
import dev.aevum.sdk.samples.ReplaySample;
import dev.aevum.sdk.samples.SearchAttributesSample;
import dev.aevum.sdk.samples.SideEffectSample;
import dev.aevum.sdk.samples.SignalQuerySample;
import dev.aevum.sdk.samples.TimerSample;
import dev.aevum.sdk.samples.UpdateSample;
import dev.aevum.sdk.samples.UpdateWithStartSample;
import dev.aevum.sdk.samples.VersioningSample;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs each sample as a user would, by server address: against Temporal's in-memory test server,
 * and against the Aevum server when server-app runs this suite.
 */
class SamplesTest {
  private static TestServerHarness server;

  @BeforeAll
  static void startServer() {
    server = new TestServerHarness();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void listing() {
    try {
      server.client.countExecutions("");
    } catch (AevumServiceException e) {
      Assumptions.assumeFalse(
          e.status().getCode() == Status.Code.UNIMPLEMENTED,
          "the server under test has no visibility store");
      throw e;
    }
    assertThat(ListingSample.run(server.target))
        .isEqualTo(
            "acme orders [completed, running], open orders 1, by status: running 1, completed 2");
  }

  @Test
  void parallelActivities() {
    assertThat(ParallelActivitiesSample.run(server.target)).isEqualTo("total 110");
  }

  @Test
  void cancellation() {
    assertThat(CancellationSample.run(server.target)).isEqualTo("booking CanceledFailure");
  }

  @Test
  void childWorkflows() {
    assertThat(ChildWorkflowSample.run(server.target)).isEqualTo("bonjour, hola");
  }

  @Test
  void updates() {
    assertThat(UpdateSample.run(server.target)).isEqualTo("total 12, negative rejected");
  }

  @Test
  void signalsAndQueries() {
    assertThat(SignalQuerySample.run(server.target))
        .isEqualTo("after one signal [ann], then approved by ann, bob");
  }

  @Test
  void timers() {
    assertThat(TimerSample.run(server.target))
        .isEqualTo("order 1 paid (short timer first), order 2 expired (short timer first)");
  }

  @Test
  void activityRetries() {
    assertThat(ActivityRetrySample.run(server.target))
        .isEqualTo("order-7 charged on attempt 3, refund not retried");
  }

  @Test
  void continueAsNew() {
    assertThat(ContinueAsNewSample.run(server.target)).isEqualTo("counted to 10 in 4 runs");
  }

  @Test
  void updateWithStart() {
    assertThat(UpdateWithStartSample.run(server.target))
        .isEqualTo("sizes 1, 2, cart [apple, pear]");
  }

  @Test
  void versioning() {
    assertThat(VersioningSample.run(server.target))
        .isEqualTo("order-1 emailed, delivered; order-2 texted, delivered");
  }

  @Test
  void sideEffects() {
    assertThat(SideEffectSample.run(server.target))
        .isEqualTo(
            "ticket drawn 1 time in 4 workflow tasks; limits [10, 10, 20] read 3 times, recorded in 2 markers");
  }

  @Test
  void payloadCodec() {
    assertThat(PayloadCodecSample.run(server.target))
        .isEqualTo(
            "stored 23 characters; 4 payloads in history, all encrypted: true, plaintext visible: false");
  }

  @Test
  void localActivities() {
    assertThat(LocalActivitySample.run(server.target))
        .isEqualTo("label for 12 MAIN ST; history: 1 local activity marker, 1 scheduled activity");
  }

  @Test
  void heartbeatAndCancellation() {
    assertThat(HeartbeatSample.run(server.target))
        .isEqualTo("stopped: ActivityFailure caused by CanceledFailure; activity cleaned up: true");
  }

  @Test
  void asyncCompletion() {
    assertThat(AsyncCompletionSample.run(server.target)).isEqualTo("invoice-7 approved by finance");
  }

  @Test
  void dynamicWorkflowsAndHandlers() {
    assertThat(DynamicSample.run(server.target))
        .isEqualTo(
            "progress of Onboarding: [createAccount, orderLaptop]; "
                + "Archive(Onboarding of ann [createAccount, orderLaptop, done]); Archive(Offboarding of bob [revokeAccess, done])");
  }

  @Test
  void memoAndSearchAttributes() {
    assertThat(SearchAttributesSample.run(server.target))
        .isEqualTo(
            "order of Ann Lee went from received to shipped; described with CustomKeywordField=shipped, CustomIntField=3");
  }

  @Test
  void interceptorsAndContextPropagation() {
    assertThat(InterceptorSample.run(server.target))
        .isEqualTo(
            "sent 'release notes' as ann; audit [start Newsletter by ann, run Newsletter for ann, activity Send for ann]");
  }

  @Test
  void replay() {
    assertThat(ReplaySample.run(server.target))
        .isEqualTo(
            "invoice for ann sent; replayed from JSON: Deployed ok, Refactored ok, Reordered NonDeterministicException");
  }
}
