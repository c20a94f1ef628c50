package dev.aevum.server.common.searchattributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAttributeRulesTest {
  private static final Map<String, IndexedValueType> REGISTERED =
      Map.of(
          "OrderTags", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
          "Due", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
  private static final SearchAttributeRules.Limits LIMITS = SearchAttributeRules.Limits.defaults();

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  private static SearchAttributes one(String name, Payload value) {
    return SearchAttributes.newBuilder().putIndexedFields(name, value).build();
  }

  private static SearchAttributes validate(SearchAttributes attributes) {
    return SearchAttributeRules.validate(attributes, REGISTERED, LIMITS);
  }

  @Test
  void knownAttributesWithFittingValuesPassAndCarryTheirType() {
    SearchAttributes valid =
        validate(
            SearchAttributes.newBuilder()
                .putIndexedFields("CustomIntField", json("42"))
                .putIndexedFields("CustomKeywordField", json("\"a\""))
                .putIndexedFields("CustomTextField", json("[\"a\", \"b\"]"))
                .putIndexedFields("CustomBoolField", json("true"))
                .putIndexedFields("CustomDoubleField", json("1.5"))
                .putIndexedFields("Due", json("\"2024-01-31T12:00:00+01:00\""))
                .putIndexedFields("OrderTags", json("[\"x\"]"))
                .putIndexedFields("TemporalChangeVersion", json("[\"v-1\"]"))
                .putIndexedFields("CustomDatetimeField", Payload.getDefaultInstance()) // removal
                .build());
    assertThat(
            valid
                .getIndexedFieldsOrThrow("CustomIntField")
                .getMetadataOrThrow("type")
                .toStringUtf8())
        .isEqualTo("Int");
    assertThat(valid.getIndexedFieldsOrThrow("OrderTags").getMetadataOrThrow("type").toStringUtf8())
        .isEqualTo("KeywordList");
    assertThat(valid.getIndexedFieldsOrThrow("CustomDatetimeField"))
        .isEqualTo(Payload.getDefaultInstance());
  }

  @Test
  void aTypeTheSdkNamedStaysAsSdksDecodeByIt() {
    Payload keyword =
        json("\"ns\"").toBuilder().putMetadata("type", ByteString.copyFromUtf8("Keyword")).build();
    // CustomTextField is Text; a keyword string fits it, and the SDK's own type name is kept.
    SearchAttributes valid = validate(one("CustomTextField", keyword));
    assertThat(valid.getIndexedFieldsOrThrow("CustomTextField")).isEqualTo(keyword);
  }

  @Test
  void badNamesAndValuesAreRejectedAsTemporalRejectsThem() {
    assertThatThrownBy(() -> validate(one("Unregistered", json("1"))))
        .hasMessage("search attribute Unregistered is not defined");
    assertThatThrownBy(() -> validate(one("WorkflowId", json("\"x\""))))
        .hasMessage("WorkflowId attribute can't be set in SearchAttributes");
    assertThatThrownBy(() -> validate(one("TemporalWorkerDeployment", json("\"x\""))))
        .hasMessage("TemporalWorkerDeployment attribute can't be set in SearchAttributes");
    assertThatThrownBy(() -> validate(one("CustomIntField", json("\"abc\""))))
        .hasMessage("invalid value for search attribute CustomIntField of type Int: abc");
    assertThatThrownBy(() -> validate(one("CustomIntField", json("1.5"))))
        .hasMessage("invalid value for search attribute CustomIntField of type Int: 1.5");
    assertThatThrownBy(() -> validate(one("CustomDoubleField", json("1e400"))))
        .hasMessage(
            "invalid value for search attribute CustomDoubleField of type Double: Infinity");
    assertThatThrownBy(() -> validate(one("CustomKeywordField", json("[1e400]"))))
        .hasMessage(
            "invalid value for search attribute CustomKeywordField of type Keyword: Infinity");
    assertThatThrownBy(() -> validate(one("OrderTags", json("\"x\""))))
        .hasMessageStartingWith(
            "invalid value for search attribute OrderTags of type KeywordList: x");
    assertThatThrownBy(() -> validate(one("Due", json("\"tomorrow\""))))
        .hasMessage("invalid value for search attribute Due of type Datetime: tomorrow");
    assertThatThrownBy(() -> validate(one("CustomKeywordField", json("\"a\\u0000b\""))))
        .hasMessageContaining("NUL character");
    assertThatThrownBy(() -> validate(one("CustomKeywordField", json("{not json"))))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () ->
                validate(
                    one(
                        "CustomKeywordField",
                        Payload.newBuilder()
                            .putMetadata("encoding", ByteString.copyFromUtf8("binary/plain"))
                            .setData(ByteString.copyFromUtf8("x"))
                            .build())))
        .hasMessageContaining("encoding 'binary/plain'");
  }

  @Test
  void countAndSizesHaveTemporalsLimits() {
    SearchAttributes.Builder many = SearchAttributes.newBuilder();
    for (int i = 0; i <= 100; i++) {
      many.putIndexedFields("A" + i, json("1"));
    }
    assertThatThrownBy(() -> validate(many.build()))
        .hasMessage("number of search attributes 101 exceeds limit 100");

    String big = "\"" + "x".repeat(2047) + "\"";
    assertThatThrownBy(
            () -> SearchAttributeRules.validateSize(one("CustomKeywordField", json(big)), LIMITS))
        .hasMessage("search attribute CustomKeywordField value size 2049 exceeds size limit 2048");
    SearchAttributes.Builder wide = SearchAttributes.newBuilder();
    for (int i = 0; i < 30; i++) {
      wide.putIndexedFields("A" + i, json("\"" + "x".repeat(2000) + "\""));
    }
    assertThatThrownBy(() -> SearchAttributeRules.validateSize(wide.build(), LIMITS))
        .hasMessageStartingWith("total size of search attributes ")
        .hasMessageEndingWith(" exceeds size limit 40960");
    assertThatCode(
            () ->
                SearchAttributeRules.validateSize(
                    one("CustomKeywordField", json("\"fine\"")), LIMITS))
        .doesNotThrowAnyException();
  }
}
