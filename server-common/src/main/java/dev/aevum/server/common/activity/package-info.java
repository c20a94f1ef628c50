/** Standalone activities: how their runs are keyed and what their statuses are called. */
package dev.aevum.server.common.activity;
