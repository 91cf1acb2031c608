package ai.spar.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the report's data into one HTML page that works offline: the page template, its style,
 * the ECharts library (from the {@code org.webjars.npm:echarts} jar), the page script and the data
 * (as {@code <script type="application/json" id="spar-data">}) are all inlined.
 */
final class HtmlReport {
  static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static final String RESOURCES = "/ai/spar/report/";
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z]+)\\}\\}");

  private HtmlReport() {}

  static String render(ObjectNode data) {
    Map<String, String> slots =
        Map.of(
            "title", escapeHtml(data.path("title").asText()),
            "style", resource(RESOURCES + "report.css"),
            "echarts", inlineScript(resource(ECHARTS)),
            "script", inlineScript(resource(RESOURCES + "report.js")),
            "data", inlineScript(json(data)));
    String template = resource(RESOURCES + "report.html");
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 1_500_000);
    int at = 0;
    while (m.find()) {
      String value = slots.get(m.group(1));
      Preconditions.checkState(value != null, "report.html has an unknown slot %s", m.group());
      out.append(template, at, m.start()).append(value);
      at = m.end();
    }
    return out.append(template.substring(at)).toString();
  }

  /** Text inside a script element must not close it: {@code </} becomes {@code <\/}. */
  static String inlineScript(String text) {
    return text.replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String json(ObjectNode data) {
    try {
      return ReportJson.MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report's data cannot be written as JSON", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      Preconditions.checkState(in != null, "missing classpath resource %s", name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + name, e);
    }
  }
}
