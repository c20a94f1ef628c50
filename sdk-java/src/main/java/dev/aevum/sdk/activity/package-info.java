/**
 * The API for activity code and for calling it. Annotated activity interfaces declare activity
 * types, {@link ActivityOptions} and {@link LocalActivityOptions} configure the stubs a workflow
 * calls them through, and {@link Activity#getExecutionContext()} gives a running activity its
 * {@link ActivityContext} (info, heartbeats, task token). Activity code is ordinary Java, free of
 * the determinism rules of workflow code.
 */
package dev.aevum.sdk.activity;
