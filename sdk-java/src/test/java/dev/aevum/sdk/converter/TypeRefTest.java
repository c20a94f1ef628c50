package dev.aevum.sdk.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeRefTest {
  @Test
  void capturesTheGenericTypeAndItsClass() {
    TypeRef<Map<String, List<Integer>>> ref = new TypeRef<>() {};

    assertThat(ref.type().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.util.List<java.lang.Integer>>");
    assertThat(ref.rawType()).isEqualTo(Map.class);
  }

  @Test
  void decodesIntoTheCapturedType() {
    TypeRef<List<Integer>> ref = new TypeRef<>() {};
    DataConverter converter = DataConverter.defaultInstance();

    List<Integer> decoded =
        converter.fromPayload(converter.toPayload(List.of(1, 2, 3)), ref.rawType(), ref.type());

    assertThat(decoded).containsExactly(1, 2, 3);
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void refusesARawTypeRef() {
    assertThatThrownBy(() -> new TypeRef() {})
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs its type argument");
  }
}
