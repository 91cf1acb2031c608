/**
 * Test support shared by every module: fixture locations, the per-JVM local Spark session
 * extension, and dataset assertions. Used in test scope only.
 */
package ai.spar.testing;
