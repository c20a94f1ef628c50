package dev.aevum.sdk.internal.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityMethod;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Activity type names must be the ones Temporal's Java SDK puts on the wire, so Aevum and Temporal
 * workers of the same interfaces poll for the same types. Each case declares the same hierarchy
 * twice, once with Temporal's annotations and once with Aevum's, and compares the names each SDK
 * derives (method name to activity type).
 */
class ActivityNamingTest {
  private static Map<String, String> temporalNames(Class<?> iface) {
    Map<String, String> names = new TreeMap<>();
    for (POJOActivityMethodMetadata m :
        POJOActivityInterfaceMetadata.newInstance(iface).getMethodsMetadata()) {
      names.put(m.getMethod().getName(), m.getActivityTypeName());
    }
    return names;
  }

  private static Map<String, String> aevumNames(Class<?> iface) {
    Map<String, String> names = new TreeMap<>();
    for (Method m : iface.getMethods()) {
      if (Names.isActivityMethod(m)) {
        names.put(m.getName(), Names.activityType(iface, m));
      }
    }
    return names;
  }

  private static void sameNames(Class<?> temporal, Class<?> aevum, Map<String, String> expected) {
    assertThat(temporalNames(temporal)).as("Temporal's names").isEqualTo(expected);
    assertThat(aevumNames(aevum)).as("Aevum's names").isEqualTo(expected);
  }

  // ---- a plain interface: the method name, capitalized

  @io.temporal.activity.ActivityInterface
  public interface TPlain {
    void sendEmail();
  }

  @ActivityInterface
  public interface APlain {
    void sendEmail();
  }

  @Test
  void theMethodNameCapitalized() {
    sameNames(TPlain.class, APlain.class, Map.of("sendEmail", "SendEmail"));
  }

  // ---- a prefix, and an explicit name that ignores it

  @io.temporal.activity.ActivityInterface(namePrefix = "Mail_")
  public interface TPrefixed {
    void send();

    @io.temporal.activity.ActivityMethod(name = "Bounce")
    void bounce();
  }

  @ActivityInterface(namePrefix = "Mail_")
  public interface APrefixed {
    void send();

    @ActivityMethod(name = "Bounce")
    void bounce();
  }

  @Test
  void thePrefixGoesBeforeDerivedNamesOnly() {
    sameNames(TPrefixed.class, APrefixed.class, Map.of("send", "Mail_Send", "bounce", "Bounce"));
  }

  // ---- inherited methods keep the prefix of the annotated interface that declares them

  @io.temporal.activity.ActivityInterface(namePrefix = "Common_")
  public interface TCommon {
    void audit();
  }

  @io.temporal.activity.ActivityInterface(namePrefix = "Reports_")
  public interface TReports extends TCommon {
    @io.temporal.activity.ActivityMethod(name = "Render")
    void render();

    void store();
  }

  @ActivityInterface(namePrefix = "Common_")
  public interface ACommon {
    void audit();
  }

  @ActivityInterface(namePrefix = "Reports_")
  public interface AReports extends ACommon {
    @ActivityMethod(name = "Render")
    void render();

    void store();
  }

  @Test
  void inheritedMethodsKeepTheirDeclaringInterfacesPrefix() {
    sameNames(
        TReports.class,
        AReports.class,
        Map.of("render", "Render", "store", "Reports_Store", "audit", "Common_Audit"));
  }

  // ---- methods of an interface that is not annotated take the prefix of the nearest annotated one
  // below it

  public interface TRoot {
    void rootOp();
  }

  public interface TMiddle extends TRoot {
    void middleOp();
  }

  @io.temporal.activity.ActivityInterface(namePrefix = "Inner_")
  public interface TInner extends TMiddle {
    void innerOp();
  }

  @io.temporal.activity.ActivityInterface(namePrefix = "Outer_")
  public interface TOuter extends TInner {
    void outerOp();
  }

  public interface ARoot {
    void rootOp();
  }

  public interface AMiddle extends ARoot {
    void middleOp();
  }

  @ActivityInterface(namePrefix = "Inner_")
  public interface AInner extends AMiddle {
    void innerOp();
  }

  @ActivityInterface(namePrefix = "Outer_")
  public interface AOuter extends AInner {
    void outerOp();
  }

  @Test
  void methodsOfUnannotatedParentsTakeTheNearestAnnotatedChildsPrefix() {
    sameNames(
        TOuter.class,
        AOuter.class,
        Map.of(
            "rootOp",
            "Inner_RootOp",
            "middleOp",
            "Inner_MiddleOp",
            "innerOp",
            "Inner_InnerOp",
            "outerOp",
            "Outer_OuterOp"));
  }

  // ---- static methods are not activities; default methods are

  @io.temporal.activity.ActivityInterface
  public interface TWithHelpers {
    void work();

    default void defaulted() {}

    static String helper() {
      return "h";
    }
  }

  @ActivityInterface
  public interface AWithHelpers {
    void work();

    default void defaulted() {}

    static String helper() {
      return "h";
    }
  }

  @Test
  void staticMethodsAreNotActivitiesAndDefaultMethodsAre() {
    sameNames(
        TWithHelpers.class, AWithHelpers.class, Map.of("work", "Work", "defaulted", "Defaulted"));
  }
}
