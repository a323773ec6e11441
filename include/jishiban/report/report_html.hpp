// The supervision report (督办报表) as one self-contained HTML page, for
// screens, printing and publication.
#ifndef JISHIBAN_REPORT_REPORT_HTML_HPP
#define JISHIBAN_REPORT_REPORT_HTML_HPP

#include <string>

#include "jishiban/error.hpp"
#include "jishiban/report/report.hpp"

namespace jishiban {

// Renders the report as one HTML5 document in UTF-8, in the language given
// (<html lang="en"> or "zh-CN"): the key figures, the tables of report.hpp,
// bar charts of the on-time rate per lead unit and of the dispatch on-time
// rate per channel, a chart of the weekly trend and the overdue list.
//
// The page loads nothing: the CSS is inline, the charts are inline SVG, it
// has no script and no link, and a Content-Security-Policy meta element
// blocks any other load. Every text taken from the report, unit names
// included, is HTML-escaped. A missing ratio or duration is written "—" and
// left out of the charts. The report contains no requester data, and
// neither does the page.
std::string report_to_html(const Report& report, Language language);

}  // namespace jishiban

#endif  // JISHIBAN_REPORT_REPORT_HTML_HPP
