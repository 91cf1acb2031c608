/**
 * JSON Lines files read strictly: UTF-8 decoded with a decoder that reports malformed bytes (the
 * message names the file, the line, the byte and the encoding expected) instead of replacing them,
 * and lines broken at LF only (a CRLF's CR is dropped; a bare CR stays inside its line), so row
 * numbers are the line numbers an editor shows.
 */
package ai.spar.jsonl;
