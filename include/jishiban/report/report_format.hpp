// The output formats of the supervision report, by name, for callers that
// take the format as text (the command line, the C ABI, the bindings).
#ifndef JISHIBAN_REPORT_REPORT_FORMAT_HPP
#define JISHIBAN_REPORT_REPORT_FORMAT_HPP

#include <optional>
#include <string>
#include <string_view>

#include "jishiban/error.hpp"
#include "jishiban/report/report.hpp"

namespace jishiban {

enum class ReportFormat { text, json, csv, html };

// The format named "text", "json", "csv" or "html", or nullopt for any
// other text.
std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;

// Renders `report` in `format` with report_to_text, report_to_json,
// report_to_csv or report_to_html. JSON ignores `language`.
std::string render_report(const Report& report, ReportFormat format, Language language);

}  // namespace jishiban

#endif  // JISHIBAN_REPORT_REPORT_FORMAT_HPP
