/**
 * Training data read from the job's Parquet tables (or any table following the common
 * preference/SFT conventions) with parquet-hadoop, without Spark: preference pairs for DPO, chat
 * examples for SFT, and their fingerprint.
 */
package ai.spar.trainer.data;
