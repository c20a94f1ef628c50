package dev.aevum.sdk.activity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optional on activity methods. Without a name, the activity type is the method name with its first
 * letter upper-cased ({@code sayHello} becomes {@code SayHello}), as in Temporal's Java SDK.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ActivityMethod {
  String name() default "";
}
