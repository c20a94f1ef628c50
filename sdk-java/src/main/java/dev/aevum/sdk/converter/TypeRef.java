package dev.aevum.sdk.converter;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type captured by an anonymous subclass, for results whose type a {@code Class} cannot
 * say: {@code handle.getResult(new TypeRef<List<Order>>() {})}.
 *
 * @param <T> the type to decode into
 */
public abstract class TypeRef<T> {
  private final Type type;

  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException(
          "TypeRef needs its type argument: write new TypeRef<List<String>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /** The captured type, for example {@code java.util.List<java.lang.String>}. */
  public Type type() {
    return type;
  }

  /**
   * The captured type's class, without its type arguments ({@code List} for {@code List<String>}).
   */
  @SuppressWarnings("unchecked")
  public Class<T> rawType() {
    return (Class<T>) raw(type);
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType a) {
      return Array.newInstance(raw(a.getGenericComponentType()), 0).getClass();
    }
    throw new IllegalArgumentException("no class for type " + type);
  }

  @Override
  public String toString() {
    return "TypeRef<" + type.getTypeName() + ">";
  }
}
