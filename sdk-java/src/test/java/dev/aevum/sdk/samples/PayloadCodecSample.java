package dev.aevum.sdk.samples;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.DataConversionException;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.converter.PayloadCodec;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * End-to-end encryption with a payload codec: client and worker encrypt every payload with AES-GCM
 * before it leaves the process, so the server stores only ciphertext. The history is fetched at the
 * end to show that no argument or result is readable there.
 */
public final class PayloadCodecSample {
  /**
   * Encrypts a whole payload (metadata and data) into a {@code binary/encrypted} one. The key id
   * travels with each payload so that keys can be rotated; a real codec would look keys up in a key
   * management service instead of holding one.
   */
  static final class AesGcmCodec implements PayloadCodec {
    static final String ENCODING = "binary/encrypted";
    static final String KEY_ID = "encryption-key-id";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String keyId;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    AesGcmCodec(String keyId, SecretKey key) {
      this.keyId = keyId;
      this.key = key;
    }

    @Override
    public Payload encode(Payload payload) {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv); // GCM must never reuse an IV with the same key
      byte[] sealed = crypt(Cipher.ENCRYPT_MODE, iv, payload.toByteArray());
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
          .setData(ByteString.copyFrom(iv).concat(ByteString.copyFrom(sealed)))
          .build();
    }

    @Override
    public Payload decode(Payload payload) {
      if (!ENCODING.equals(metadata(payload, "encoding"))) {
        return payload; // not ours: written before encryption was turned on
      }
      if (!keyId.equals(metadata(payload, KEY_ID))) {
        throw new DataConversionException(
            "payload was encrypted with key '"
                + metadata(payload, KEY_ID)
                + "', not '"
                + keyId
                + "'");
      }
      byte[] data = payload.getData().toByteArray();
      byte[] plain =
          crypt(
              Cipher.DECRYPT_MODE,
              Arrays.copyOf(data, IV_BYTES),
              Arrays.copyOfRange(data, IV_BYTES, data.length));
      try {
        return Payload.parseFrom(plain);
      } catch (InvalidProtocolBufferException e) {
        throw new DataConversionException("decrypted payload is not a payload", e);
      }
    }

    private byte[] crypt(int mode, byte[] iv, byte[] input) {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        return cipher.doFinal(input);
      } catch (GeneralSecurityException e) {
        throw new DataConversionException(
            "AES-GCM failed (wrong key or tampered payload): " + e, e);
      }
    }

    private static String metadata(Payload payload, String key) {
      return payload.getMetadataMap().getOrDefault(key, ByteString.EMPTY).toStringUtf8();
    }
  }

  @ActivityInterface
  public interface Vault {
    String store(String secret);
  }

  public static final class VaultImpl implements Vault {
    @Override
    public String store(String secret) {
      return "stored " + secret.length() + " characters";
    }
  }

  @WorkflowInterface
  public interface Safekeeping {
    @WorkflowMethod
    String keep(String secret);
  }

  public static final class SafekeepingImpl implements Safekeeping {
    @Override
    public String keep(String secret) {
      return Workflow.newActivityStub(
              Vault.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build())
          .store(secret);
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    String secret = "the launch code is 0000";
    DataConverter encrypting =
        DataConverter.defaultInstance().withCodecs(new AesGcmCodec("sample-key-1", newKey()));
    return SampleRunner.run(
        target,
        ClientOptions.newBuilder()
            .dataConverter(encrypting)
            .build(), // workers built on this client encrypt too
        WorkerOptions.defaults(),
        worker ->
            worker
                .registerWorkflowImplementationTypes(SafekeepingImpl.class)
                .registerActivitiesImplementations(new VaultImpl()),
        (client, options) -> {
          WorkflowHandle handle = client.start(Safekeeping.class, options, s -> s.keep(secret));
          String result = handle.getResult(String.class);
          List<Payload> stored = payloads(handle.fetchHistory().getEventsList());
          boolean allEncrypted =
              stored.stream()
                  .allMatch(p -> AesGcmCodec.ENCODING.equals(AesGcmCodec.metadata(p, "encoding")));
          boolean readable =
              stored.stream()
                  .anyMatch(p -> contains(p.getData(), secret) || contains(p.getData(), result));
          return result
              + "; "
              + stored.size()
              + " payloads in history, all encrypted: "
              + allEncrypted
              + ", plaintext visible: "
              + readable;
        });
  }

  private static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  /** The workflow input and result and the activity input and result, as the server stored them. */
  private static List<Payload> payloads(List<HistoryEvent> events) {
    List<Payload> payloads = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.hasWorkflowExecutionStartedEventAttributes()) {
        payloads.addAll(
            e.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
      } else if (e.hasActivityTaskScheduledEventAttributes()) {
        payloads.addAll(e.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
      } else if (e.hasActivityTaskCompletedEventAttributes()) {
        payloads.addAll(e.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
      } else if (e.hasWorkflowExecutionCompletedEventAttributes()) {
        payloads.addAll(
            e.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList());
      }
    }
    return payloads;
  }

  private static boolean contains(ByteString data, String text) {
    return data.toStringUtf8().contains(text); // lossy decoding is fine: we only look for the text
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
