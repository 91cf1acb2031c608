/** The {@code spar} command line: subcommands that parse arguments and call the modules. */
package ai.spar.cli;
