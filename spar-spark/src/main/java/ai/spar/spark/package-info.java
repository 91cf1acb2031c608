/**
 * The SPaR data-generation job on Spark: a thin job class ({@link ai.spar.spark.GenerateJob}) that
 * wires input -> partitioned self-play rounds -> staged records -> published Parquet tables; a
 * serializable partition processor that holds configuration only; a per-JVM model holder ({@link
 * ai.spar.spark.ExecutorModels}); the input parser, the record-derived table schemas, the iteration
 * layout with atomic publishing, and the loopback cluster harness used by the integration test and
 * {@code spar bench job}.
 */
package ai.spar.spark;
