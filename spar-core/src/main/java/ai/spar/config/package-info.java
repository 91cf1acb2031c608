/**
 * Configuration of a SPaR round: validated immutable records bound with Jackson from YAML, their
 * defaults (the paper's settings) as named constants, and the one {@link
 * ai.spar.config.SparConfigLoader loader} that merges defaults, a file and command-line overrides.
 */
package ai.spar.config;
