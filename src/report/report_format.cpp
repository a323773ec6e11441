// Report formats by name (see report_format.hpp).
#include "jishiban/report/report_format.hpp"

#include "jishiban/report/report_html.hpp"

namespace jishiban {

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept {
  if (name == "text") {
    return ReportFormat::text;
  }
  if (name == "json") {
    return ReportFormat::json;
  }
  if (name == "csv") {
    return ReportFormat::csv;
  }
  if (name == "html") {
    return ReportFormat::html;
  }
  return std::nullopt;
}

std::string render_report(const Report& report, ReportFormat format, Language language) {
  switch (format) {
    case ReportFormat::json:
      return report_to_json(report);
    case ReportFormat::csv:
      return report_to_csv(report, language);
    case ReportFormat::html:
      return report_to_html(report, language);
    case ReportFormat::text:
      break;
  }
  return report_to_text(report, language);
}

}  // namespace jishiban
