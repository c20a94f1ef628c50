package dev.aevum.server.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Package rules inside modules, checked on the main classes of every module (module edges are the
 * enforcer's job, in each module's pom). Each rule is also run against a planted violation under
 * {@code planted/}, so a rule that stopped seeing anything would fail here too.
 */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ArchitectureTest::notATestJar)
            .importPackages("dev.aevum");
    assertThat(production.containPackage("dev.aevum.server.history.internal.execution")).isTrue();
    assertThat(production.containPackage("dev.aevum.persistence.sql.internal")).isTrue();
    assertThat(production.containPackage("dev.aevum.sdk")).isTrue();
  }

  private static boolean notATestJar(Location location) {
    return !location.contains("-tests.jar");
  }

  /** A package named {@code internal} belongs to the package above it: nobody else may use it. */
  static ArchRule internalPackagesStayInside() {
    return classes()
        .that()
        .resideInAPackage("..internal..")
        .should(
            new ArchCondition<JavaClass>(
                "be used only from inside the package that owns their internal package") {
              @Override
              public void check(JavaClass internal, ConditionEvents events) {
                String owner = owner(internal.getPackageName());
                for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                  String from = dependency.getOriginClass().getPackageName();
                  if (!from.equals(owner) && !from.startsWith(owner + ".")) {
                    events.add(
                        SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                  }
                }
              }
            });
  }

  private static String owner(String internalPackage) {
    int at = internalPackage.indexOf(".internal");
    return internalPackage.substring(0, at);
  }

  /** server-history's packages form layers: no package depends, however indirectly, on itself. */
  static ArchRule historyPackagesHaveNoCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /**
   * server-history from the bottom up: its meters and retry rules, the commit path, the workflow
   * task state machine, activities, standalone activities, signals, the workflow lifecycle (start,
   * close, continue-as-new, retry, cron), child workflows and other cross-run calls, queries,
   * reset, history reads, updates, the answers of a workflow task's commands, and the outbox queues
   * that drive all of them. Each layer may use only those below it.
   */
  static ArchRule historyLayers(String root, boolean emptyLayersAllowed) {
    List<String> bottomUp =
        List.of(
            "metrics",
            "retry",
            "execution",
            "workflowtask",
            "activity",
            "standalone",
            "signal",
            "workflow",
            "child",
            "query",
            "reset",
            "read",
            "update",
            "commands",
            "queue");
    Architectures.LayeredArchitecture layers =
        layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String layer : bottomUp) {
      layers = layers.layer(layer).definedBy(root + "." + layer + "..");
    }
    for (int i = 0; i < bottomUp.size(); i++) {
      List<String> above = bottomUp.subList(i + 1, bottomUp.size());
      layers =
          above.isEmpty()
              ? layers.whereLayer(bottomUp.get(i)).mayNotBeAccessedByAnyLayer()
              : layers
                  .whereLayer(bottomUp.get(i))
                  .mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
    }
    return layers.withOptionalLayers(emptyLayersAllowed);
  }

  @Test
  void serverHistoryPackagesKeepTheirOrder() {
    historyLayers("dev.aevum.server.history.internal", false).check(production);
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternals() {
    internalPackagesStayInside().check(production);
  }

  @Test
  void serverHistoryPackagesHaveNoCycles() {
    historyPackagesHaveNoCycles("dev.aevum.server.history.internal").check(production);
  }

  @Test
  void theRulesSeePlantedViolations() {
    JavaClasses planted =
        new ClassFileImporter().importPackages(getClass().getPackageName() + ".planted");
    assertThat(planted.size()).isGreaterThanOrEqualTo(4);
    EvaluationResult internals = internalPackagesStayInside().evaluate(planted);
    assertThat(internals.hasViolation()).isTrue();
    assertThat(internals.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("Intruder").contains("Hidden"));
    EvaluationResult cycles =
        historyPackagesHaveNoCycles(getClass().getPackageName() + ".planted").evaluate(planted);
    assertThat(cycles.hasViolation()).isTrue();
    assertThat(cycles.getFailureReport().toString()).contains("Cycle detected");
    EvaluationResult layers =
        historyLayers(getClass().getPackageName() + ".planted.layers", true).evaluate(planted);
    assertThat(layers.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("CommitPath").contains("Outbox"));
  }
}
