package dev.aevum.sdk.activity;

import dev.aevum.sdk.converter.EncodedValues;

/**
 * Registered like an activity implementation, it runs every activity type that no other registered
 * implementation provides; {@code info().activityType()} tells which one.
 */
public interface DynamicActivity {
  Object execute(EncodedValues args);
}
