/**
 * The SPaR data-generation job on Spark: a thin job class ({@link ai.spar.spark.GenerateJob}) that
 * wires read and validate ({@link ai.spar.spark.InputReader}) -> partitioned self-play rounds
 * ({@link ai.spar.spark.PartitionProcessor}, serializable configuration only) -> staged records
 * ({@link ai.spar.spark.StagedRecords}) -> published Parquet tables ({@link
 * ai.spar.spark.TablePublisher}) and the run manifest ({@link ai.spar.spark.ManifestWriter}); the
 * chunk plan that makes runs resumable ({@link ai.spar.spark.ChunkPlan}); per-JVM holders of the
 * models ({@link ai.spar.spark.ExecutorModels}) and the parsed configuration ({@link
 * ai.spar.spark.ExecutorConfigs}); the record-derived table schemas, the iteration layout with
 * atomic publishing, and the loopback cluster harness used by the integration test and {@code spar
 * bench job}.
 */
package ai.spar.spark;
