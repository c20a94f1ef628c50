package dev.aevum.sdk.samples;

import dev.aevum.sdk.ActivityCompletionClient;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityContext;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Async activity completion: the activity hands its task token to another system and returns
 * without a result. The activity stays open (its worker slot is free again) until that system
 * completes it through {@code ActivityCompletionClient}, here after a person approved an invoice.
 */
public final class AsyncCompletionSample {
  /** What the activity sends to the approval system: the work, and the token to answer with. */
  record ApprovalRequest(String invoice, byte[] taskToken) {}

  /** Stands in for an external approval system (a ticket queue, an email to a person, ...). */
  static final class ApprovalInbox {
    private final BlockingQueue<ApprovalRequest> requests = new LinkedBlockingQueue<>();

    void submit(ApprovalRequest request) {
      requests.add(request);
    }

    ApprovalRequest next() {
      try {
        ApprovalRequest request = requests.poll(30, TimeUnit.SECONDS);
        if (request == null) {
          throw new IllegalStateException("no approval request within 30 s");
        }
        return request;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for an approval request", e);
      }
    }
  }

  @ActivityInterface
  public interface Approvals {
    String requestApproval(String invoice);
  }

  public static final class ApprovalsImpl implements Approvals {
    private final ApprovalInbox inbox;

    ApprovalsImpl(ApprovalInbox inbox) {
      this.inbox = inbox;
    }

    @Override
    public String requestApproval(String invoice) {
      ActivityContext context = Activity.getExecutionContext();
      inbox.submit(new ApprovalRequest(invoice, context.taskToken()));
      context.doNotCompleteOnReturn();
      return "ignored: the approval system completes this activity";
    }
  }

  @WorkflowInterface
  public interface InvoiceApproval {
    @WorkflowMethod
    String approve(String invoice);
  }

  public static final class InvoiceApprovalImpl implements InvoiceApproval {
    @Override
    public String approve(String invoice) {
      // The timeout bounds how long the approver may take, since no worker holds the activity.
      Approvals approvals =
          Workflow.newActivityStub(
              Approvals.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofMinutes(5)).build());
      return invoice + " " + approvals.requestApproval(invoice);
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    ApprovalInbox inbox = new ApprovalInbox();
    return SampleRunner.run(
        target,
        worker ->
            worker
                .registerWorkflowImplementationTypes(InvoiceApprovalImpl.class)
                .registerActivitiesImplementations(new ApprovalsImpl(inbox)),
        (client, options) -> {
          WorkflowHandle handle =
              client.start(InvoiceApproval.class, options, a -> a.approve("invoice-7"));
          // The approver's side: it holds only the token, not the worker or the workflow.
          ActivityCompletionClient completions = client.newActivityCompletionClient();
          ApprovalRequest request = inbox.next();
          completions.heartbeat(request.taskToken(), "seen by the approver");
          completions.complete(request.taskToken(), "approved by finance");
          return handle.getResult(String.class);
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
