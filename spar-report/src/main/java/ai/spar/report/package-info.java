/**
 * The HTML report of SPaR runs: reads a generation job's Parquet tables and {@code _run.json}, the
 * trainer's {@code metrics.jsonl} and the loop's {@code iterations.json} (parquet-hadoop, no
 * Spark), computes what each section shows as plain JSON ({@link ai.spar.report.ReportData}), and
 * writes one self-contained HTML file with the ECharts library, the page script and that JSON
 * inlined, so it opens offline. A missing optional input leaves its section out with a note.
 */
package ai.spar.report;
