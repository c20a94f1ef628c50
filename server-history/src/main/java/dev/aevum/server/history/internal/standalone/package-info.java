/**
 * Standalone activities: an activity started by a client, not a workflow, in a run of its own
 * ({@code StandaloneActivityIds}); the activity state machine drives it, and its outcome closes the
 * run.
 */
package dev.aevum.server.history.internal.standalone;
