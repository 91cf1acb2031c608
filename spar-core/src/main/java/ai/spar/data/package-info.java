/**
 * The records that leave the core: one outcome per instruction, actor samples with their votes,
 * tree nodes, actor preference pairs, refiner supervised examples and refiner preference pairs,
 * each with its {@link ai.spar.data.Lineage}. Fields are limited to what converts to a Spark row
 * directly: strings, primitives and boxed primitives (nullable where a value may be absent), lists
 * of strings, doubles or records, nested records, and string maps.
 */
package ai.spar.data;
