/**
 * The load generator and the side-by-side comparison of docs/benchmark.md: {@link Benchmark} runs
 * one-activity workflows through the official Temporal Java SDK against any server and reports
 * throughput and latency; {@link Compare} starts Temporal's test server, Aevum on PostgreSQL and
 * Aevum's dev server in JVMs of their own and measures each with the same load.
 */
package dev.aevum.benchmark;
