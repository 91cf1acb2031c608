/**
 * Benchmarks and their harness, on top of the library: generation rates of the runtime ({@link
 * ai.spar.bench.GenerationBenchmark}) and continuous against static batching on a mixed workload
 * ({@link ai.spar.bench.BatchingBenchmark}), self-play call and token counts per search policy
 * ({@link ai.spar.bench.SelfPlayBenchmark}), training throughput ({@link
 * ai.spar.bench.TrainBenchmark}), the job's stages and its runs on a loopback standalone cluster
 * ({@link ai.spar.bench.JobBenchmark}, {@link ai.spar.bench.LoopbackCluster}), and the miniature
 * experiment that measures what SPaR does to a model ({@link ai.spar.bench.MiniatureBench}, whose
 * independent-sampling arm is a {@link ai.spar.loop.PairSource}). Each prints a table through a
 * {@code spar bench} command. Also {@code spar demo}'s run ({@link ai.spar.bench.MiniatureDemo}):
 * one loop iteration of the shipped miniature. Nothing in the library depends on them.
 */
package ai.spar.bench;
