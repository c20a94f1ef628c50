/**
 * The matching role: task queues that pair workers' long polls with the workflow, activity and
 * query tasks history adds, by sync match or through a persisted backlog, with sticky queues held
 * in memory only. Before it answers a poll it has history record the task's start, and passes on
 * the poll response history builds, so matching stays a queue. {@link MatchingRole} and {@link
 * MatchingSettings} are what {@code server-app} wires; everything else is package-private.
 */
package dev.aevum.server.matching;
