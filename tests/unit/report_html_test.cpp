// report_to_html: escaping of user text, both languages, "no data"
// ratios, the empty report, well-formed markup, a page that loads nothing,
// and no requester data on the page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "jishiban/report/report.hpp"
#include "jishiban/report/report_html.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/in_memory_store.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "report/report_html_charts.hpp"
#include "test_support.hpp"

namespace {

using namespace jishiban;
using jishiban_test::china_instant;
using testing::HasSubstr;
using testing::Not;

// A unit name with every character HTML gives meaning to.
const std::string kHostileUnit = "<script>alert(\"x\")</script> & 'Co'";
const std::string kHostileEscaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;";

HandlingStats stats(std::int64_t received, std::int64_t on_time, std::int64_t late) {
  HandlingStats result;
  result.received = received;
  result.closed = on_time + late;
  result.closed_on_time = on_time;
  result.closed_late = late;
  if (on_time + late > 0) {
    result.on_time_rate = static_cast<double>(on_time) / static_cast<double>(on_time + late);
    result.median_hours_to_reply = 6.5;
    result.p90_hours_to_reply = 14.25;
  }
  return result;
}

WeekReport week(int number, std::int64_t received, std::int64_t on_time, std::int64_t late) {
  WeekReport result;
  result.iso_year = 2026;
  result.iso_week = number;
  // ISO week 10 of 2026 starts on Monday 2026-03-02.
  result.begin = china_instant(2026, 3, 2) + std::chrono::hours(24 * 7 * (number - 10));
  result.end = result.begin + std::chrono::hours(24 * 7);
  result.received = received;
  result.closed = on_time + late;
  result.closed_on_time = on_time;
  result.closed_late = late;
  if (on_time + late > 0) {
    result.on_time_rate = static_cast<double>(on_time) / static_cast<double>(on_time + late);
  }
  return result;
}

// March 2026 with three units: the unassigned row, which has no closed
// ticket and so no on-time rate, a bureau, and a unit whose name is markup.
// WeChat has no dispatch, and week 12 no closure.
Report sample_report() {
  Report report;
  report.zone = UtcOffset::china();
  report.from = china_instant(2026, 3, 1);
  report.to = china_instant(2026, 4, 1);
  report.as_of = report.to;

  report.units = {{"", stats(2, 0, 0)}, {"区建设局", stats(9, 6, 2)}, {kHostileUnit, stats(5, 1, 3)}};
  report.totals = stats(16, 7, 5);
  report.totals.overdue_now = 1;
  report.totals.visits_reached = 4;
  report.totals.visits_satisfied = 3;
  report.totals.satisfaction_rate = 0.75;

  ChannelReport hotline;
  hotline.channel = Channel::hotline;
  hotline.received = 10;
  hotline.dispatched = 8;
  hotline.dispatched_on_time = 7;
  hotline.dispatch_on_time_rate = 7.0 / 8.0;
  hotline.median_minutes_to_dispatch = 6.0;
  ChannelReport email;
  email.channel = Channel::email;
  email.received = 6;
  email.dispatched = 6;
  email.dispatched_on_time = 6;
  email.dispatch_on_time_rate = 1.0;
  email.median_minutes_to_dispatch = 31.5;
  ChannelReport wechat;
  wechat.channel = Channel::wechat;
  report.channels = {hotline, email, wechat};

  report.categories = {{Category::consultation, stats(8, 5, 1)},
                       {Category::general, stats(6, 2, 4)},
                       {Category::difficult, stats(0, 0, 0)},
                       {std::nullopt, stats(2, 0, 0)}};

  OverdueTicket overdue;
  overdue.ticket_id = "PW2026000007";
  overdue.unit = kHostileUnit;
  overdue.category = Category::general;
  overdue.state = TicketState::in_progress;
  overdue.clock = SlaClockKind::handling;
  overdue.due = china_instant(2026, 3, 25, 17, 0);
  overdue.overdue_working_minutes = 1350;
  overdue.overdue_working_days = 3;
  report.overdue = {overdue};

  report.weeks = {week(10, 6, 2, 1), week(11, 5, 3, 1), week(12, 3, 0, 0), week(13, 2, 2, 3), week(14, 0, 0, 0)};
  return report;
}

std::size_t count(const std::string& text, std::string_view part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
    ++found;
  }
  return found;
}

// The text between the first `begin` and the next `end` after it.
std::string between(const std::string& text, std::string_view begin, std::string_view end) {
  const std::size_t start = text.find(begin);
  if (start == std::string::npos) {
    return {};
  }
  const std::size_t stop = text.find(end, start);
  return text.substr(start, stop == std::string::npos ? std::string::npos : stop + end.size() - start);
}

// Checks that tags nest: each end tag closes the innermost open element, and
// none is left open. Void elements (<meta>) take no end tag, "<x/>" closes
// itself, and the CSS in <style> is skipped. Returns the problems found.
std::vector<std::string> tag_problems(const std::string& html) {
  static const std::set<std::string> kVoid = {"area", "base", "br",   "col",   "embed",  "hr",  "img",
                                              "input", "link", "meta", "source", "track", "wbr"};
  std::vector<std::string> problems;
  std::vector<std::string> open;
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    const std::size_t close = html.find('>', at);
    if (close == std::string::npos) {
      problems.push_back("unterminated tag at byte " + std::to_string(at));
      break;
    }
    const std::string tag = html.substr(at + 1, close - at - 1);
    at = close + 1;
    if (tag.empty() || tag[0] == '!') {
      continue;
    }
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) {
        problems.push_back("</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">");
      } else {
        open.pop_back();
      }
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) {
      problems.push_back("stray '<' before \"" + tag.substr(0, 20) + "\"");
      continue;
    }
    if (kVoid.count(name) > 0 || tag.back() == '/') {
      continue;
    }
    if (name == "style") {
      at = html.find("</style>", at);
      if (at == std::string::npos) {
        problems.push_back("<style> not closed");
        break;
      }
      at += std::string_view("</style>").size();
      continue;
    }
    open.push_back(name);
  }
  for (const std::string& name : open) {
    problems.push_back("<" + name + "> not closed");
  }
  return problems;
}

// Every "&" outside <style> must start one of the references escape_html
// writes.
bool ampersands_escaped(const std::string& html) {
  const std::string body = html.substr(html.find("</style>"));
  static const std::regex kBareAmpersand("&(?!(amp|lt|gt|quot|#39);)");
  return !std::regex_search(body, kBareAmpersand);
}

// --- Escaping ------------------------------------------------------------------

TEST(ReportHtml, EscapesUnitNamesEverywhere) {
  const std::string html = report_to_html(sample_report(), Language::en);

  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("alert(\"x\")")));
  // The unit table, the process table, the chart label and its tooltip,
  // and the overdue list.
  EXPECT_GE(count(html, kHostileEscaped), 5u);
  EXPECT_TRUE(ampersands_escaped(html));
}

TEST(ReportHtml, EscapeHtmlCharacters) {
  EXPECT_EQ(detail::escape_html("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  EXPECT_EQ(detail::escape_html("区建设局"), "区建设局");
  EXPECT_EQ(detail::escape_html("tab\tline\n"), "tab\tline\n");
}

TEST(ReportHtml, EscapeHtmlReplacesControlsAndBadBytes) {
  EXPECT_EQ(detail::escape_html(std::string("a\x01z")), "a\xEF\xBF\xBDz");
  EXPECT_EQ(detail::escape_html(std::string("a\x7Fz")), "a\xEF\xBF\xBDz");
  EXPECT_EQ(detail::escape_html(std::string("a\xC2\x85z")), "a\xEF\xBF\xBDz");  // U+0085, a C1 control
  EXPECT_EQ(detail::escape_html(std::string("a\xFFz")), "a\xEF\xBF\xBDz");
  EXPECT_EQ(detail::escape_html(std::string("é")), "é");  // C3 A9 stays
}

TEST(ReportHtml, InvalidUtf8UnitNameGivesValidPage) {
  Report report = sample_report();
  report.units[1].unit = std::string("bad \xC3\x28 name");
  const std::string html = report_to_html(report, Language::en);

  EXPECT_TRUE(is_valid_utf8(html));
  EXPECT_THAT(html, HasSubstr("bad \xEF\xBF\xBD( name"));
}

TEST(ReportHtml, TruncateToColumns) {
  EXPECT_EQ(detail::truncate_to_columns("short", 10), "short");
  EXPECT_EQ(detail::truncate_to_columns("abcdefghij", 6), "abcde…");
  // CJK characters take two columns: four of them fill 8 of 9, and the
  // ellipsis the last.
  EXPECT_EQ(detail::truncate_to_columns("大连普湾经济区规划建设局", 9), "大连普湾…");
}

TEST(ReportHtml, LongUnitNameIsCutInChartOnly) {
  Report report = sample_report();
  const std::string long_name = "大连普湾经济区管理委员会规划建设局城市管理综合执法大队";
  report.units[1].unit = long_name;
  const std::string html = report_to_html(report, Language::zh_CN);
  const std::string chart = between(html, "<svg class=\"chart\" viewBox=\"0 0 720", "</svg>");

  EXPECT_THAT(html, HasSubstr("<td>" + long_name + "</td>"));
  EXPECT_THAT(chart, HasSubstr("…</text>"));
  EXPECT_THAT(chart, HasSubstr("<title>" + long_name + ": 75.0% (6/8)</title>"));
}

// --- Languages -----------------------------------------------------------------

TEST(ReportHtml, EnglishPage) {
  const std::string html = report_to_html(sample_report(), Language::en);

  EXPECT_THAT(html, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<h1>123 即时办 supervision report</h1>"));
  EXPECT_THAT(html, HasSubstr("<time datetime=\"2026-03-01T00:00:00+08:00\">2026-03-01 00:00</time> to "
                              "<time datetime=\"2026-04-01T00:00:00+08:00\">2026-04-01 00:00</time> (excluding"));
  EXPECT_THAT(html, HasSubstr("<dd>UTC+08:00</dd>"));
  EXPECT_THAT(html, HasSubstr("1. Summary"));
  EXPECT_THAT(html, HasSubstr("6. Overdue tickets for publication"));
  EXPECT_THAT(html, HasSubstr("<td>(unassigned)</td>"));
  EXPECT_THAT(html, HasSubstr("<td>Hotline</td>"));
  EXPECT_THAT(html, HasSubstr("<td>In progress</td>"));
  EXPECT_THAT(html, Not(HasSubstr("承办单位")));
}

TEST(ReportHtml, ChinesePage) {
  const std::string html = report_to_html(sample_report(), Language::zh_CN);

  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(html, HasSubstr("<h1>123 即时办督办报表</h1>"));
  EXPECT_THAT(html, HasSubstr("一、总体情况"));
  EXPECT_THAT(html, HasSubstr("六、超期工单公示"));
  EXPECT_THAT(html, HasSubstr("七、周趋势"));
  EXPECT_THAT(html, HasSubstr(">承办单位</th>"));
  EXPECT_THAT(html, HasSubstr(">来件编号</th>"));
  EXPECT_THAT(html, HasSubstr("<td>（未分配）</td>"));
  EXPECT_THAT(html, HasSubstr("<td>热线电话</td>"));
  EXPECT_THAT(html, HasSubstr("各承办单位按时办结率"));
  EXPECT_THAT(html, HasSubstr("本报表不含诉求企业及联系人信息"));
  EXPECT_THAT(html, Not(HasSubstr("Lead unit")));
}

// --- Figures and "no data" ---------------------------------------------------------

TEST(ReportHtml, KeyFiguresOfTotals) {
  const std::string html = report_to_html(sample_report(), Language::en);
  const std::string figures = between(html, "<dl class=\"figures\">", "</dl>");

  EXPECT_THAT(figures, HasSubstr("<dt>Received</dt><dd><span class=\"value\">16</span>"));
  EXPECT_THAT(figures, HasSubstr("<span class=\"value\">58.3%</span><span class=\"detail\">on time: 7 of 12 judged"));
  // The channels together: 13 of 14 dispatched on time.
  EXPECT_THAT(figures, HasSubstr("<span class=\"value\">92.9%</span><span class=\"detail\">on time: 13 of 14"));
  EXPECT_THAT(figures, HasSubstr("<div class=\"alert\"><dt>Overdue now</dt><dd><span class=\"value\">1</span>"));
}

TEST(ReportHtml, NoDataRatioIsDash) {
  const std::string html = report_to_html(sample_report(), Language::en);

  // The unassigned row's on-time rate, median and 90th percentile.
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">0</td><td class=\"num none\">—</td><td class=\"num none\">—</td>"
                              "<td class=\"num none\">—</td></tr>"));
}

TEST(ReportHtml, NoDataRowsLeftOutOfCharts) {
  const std::string html = report_to_html(sample_report(), Language::en);
  const std::string unit_chart = between(html, "<svg class=\"chart\" viewBox=\"0 0 720", "</svg>");
  const std::string channel_figure = between(html, "<figcaption>Dispatch on-time rate", "</figure>");

  EXPECT_THAT(unit_chart, HasSubstr("区建设局"));
  EXPECT_THAT(unit_chart, Not(HasSubstr("(unassigned)")));
  EXPECT_THAT(html, HasSubstr("Left out of the chart for lack of data: (unassigned)."));
  EXPECT_THAT(channel_figure, HasSubstr("Hotline"));
  EXPECT_THAT(channel_figure, Not(HasSubstr(">WeChat</text>")));
  EXPECT_THAT(channel_figure, HasSubstr("Left out of the chart for lack of data: WeChat."));
}

TEST(ReportHtml, BarsCarryRatioAndCounts) {
  const std::string html = report_to_html(sample_report(), Language::en);

  EXPECT_THAT(html, HasSubstr(">75.0% (6/8)</text>"));
  EXPECT_THAT(html, HasSubstr(">25.0% (1/4)</text>"));
  EXPECT_THAT(html, HasSubstr(">87.5% (7/8)</text>"));
  EXPECT_THAT(html, HasSubstr(">100.0% (6/6)</text>"));
}

TEST(ReportHtml, WeekWithoutRateBreaksTheLine) {
  const std::string html = report_to_html(sample_report(), Language::en);
  const std::string trend = between(html, "<svg class=\"chart\" viewBox=\"0 0 720 290\"", "</svg>");

  ASSERT_FALSE(trend.empty());
  // Weeks 10 and 11 form one line, and week 13 is alone between two weeks
  // without a rate: one polyline and three dots.
  EXPECT_EQ(count(trend, "<polyline"), 1u);
  EXPECT_EQ(count(trend, "<circle"), 3u);
  EXPECT_THAT(trend, HasSubstr("<title>2026-W12: Received 3, Closed 0, On-time rate —</title>"));
}

TEST(ReportHtml, OverdueListForPublication) {
  const std::string html = report_to_html(sample_report(), Language::zh_CN);
  const std::string row = between(html, "<td>PW2026000007</td>", "</tr>");

  EXPECT_THAT(row, HasSubstr("<td>" + kHostileEscaped + "</td>"));
  EXPECT_THAT(row, HasSubstr("<td>一般类</td>"));
  EXPECT_THAT(row, HasSubstr("<td>办理中</td>"));
  EXPECT_THAT(row, HasSubstr("<td>办理时限</td>"));
  EXPECT_THAT(row, HasSubstr("<td>2026-03-25 17:00</td>"));
  EXPECT_THAT(row, HasSubstr("<td class=\"num\">3</td><td class=\"num\">1350</td>"));
}

// --- Empty report --------------------------------------------------------------

TEST(ReportHtml, EmptyReport) {
  InMemoryStore store;
  ReportOptions options;
  options.from = china_instant(2026, 1, 1);
  options.to = china_instant(2027, 1, 1);
  const Report report = build_report(store, Calendar(), options);

  for (const Language language : {Language::en, Language::zh_CN}) {
    const std::string html = report_to_html(report, language);
    EXPECT_THAT(tag_problems(html), testing::IsEmpty());
    EXPECT_THAT(html, Not(HasSubstr("<svg")));
    EXPECT_THAT(html, HasSubstr(language == Language::en ? "No ticket is overdue." : "没有超期工单。"));
    EXPECT_THAT(html, HasSubstr(language == Language::en ? "No ticket was received in the period."
                                                         : "统计期间内没有来件。"));
    EXPECT_THAT(html, HasSubstr(language == Language::en ? "no data to draw." : "无数据，未绘图。"));
  }
}

TEST(ReportHtml, DefaultReportStruct) {
  const std::string html = report_to_html(Report{}, Language::en);

  EXPECT_THAT(tag_problems(html), testing::IsEmpty());
  EXPECT_THAT(html, HasSubstr("1970-01-01 00:00"));
  EXPECT_THAT(html, HasSubstr("<dd>UTC+00:00</dd>"));
}

// --- Markup ------------------------------------------------------------------

TEST(ReportHtml, TagsNestInBothLanguages) {
  for (const Language language : {Language::en, Language::zh_CN}) {
    const std::string html = report_to_html(sample_report(), language);
    EXPECT_THAT(tag_problems(html), testing::IsEmpty());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
    EXPECT_TRUE(is_valid_utf8(html));
  }
}

TEST(ReportHtml, TagCheckCatchesMistakes) {
  EXPECT_THAT(tag_problems("<p><b>x</p></b>"), testing::SizeIs(2));
  EXPECT_THAT(tag_problems("<div>"), testing::ElementsAre("<div> not closed"));
  EXPECT_THAT(tag_problems("<meta charset=\"utf-8\"><svg><rect/></svg>"), testing::IsEmpty());
}

TEST(ReportHtml, LoadsNothing) {
  for (const Language language : {Language::en, Language::zh_CN}) {
    const std::string html = report_to_html(sample_report(), language);
    EXPECT_THAT(html, Not(HasSubstr("http://")));
    EXPECT_THAT(html, Not(HasSubstr("https://")));
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("<link")));
    EXPECT_THAT(html, Not(HasSubstr("<img")));
    EXPECT_THAT(html, Not(HasSubstr("src=")));
    EXPECT_THAT(html, Not(HasSubstr("href=")));
    EXPECT_THAT(html, Not(HasSubstr("url(")));
    EXPECT_THAT(html, Not(HasSubstr("@import")));
    EXPECT_THAT(html, HasSubstr("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
  }
}

TEST(ReportHtml, ThreeInlineCharts) {
  const std::string html = report_to_html(sample_report(), Language::en);

  EXPECT_EQ(count(html, "<svg class=\"chart\""), 3u);
  EXPECT_EQ(count(html, "</svg>"), 3u);
  EXPECT_THAT(html, HasSubstr("aria-labelledby=\"chart-units\""));
  EXPECT_THAT(html, HasSubstr("aria-labelledby=\"chart-channels\""));
  EXPECT_THAT(html, HasSubstr("aria-labelledby=\"chart-weeks\""));
}

// --- No requester data ---------------------------------------------------------

TEST(ReportHtml, NoRequesterDataFromRealTickets) {
  InMemoryStore store;
  CallbackNotifier notifier([](const Notification&) {});
  ManualClock clock(china_instant(2026, 3, 2, 9, 0));
  const Calendar calendar;
  Engine engine(calendar, store, notifier, clock);

  Command registration;
  registration.type = EventType::register_request;
  registration.actor = Actor{"so1", "服务员甲", Role::service_officer, ""};
  registration.payload.channel = Channel::hotline;
  registration.payload.requester =
      Requester{"欧阳明辉", "大连普湾建设发展有限公司", "大连市金州区黄金路88号", "13812345678", "pw123@163.com"};
  registration.payload.content = "企业反映厂区周边道路照明不足。";
  const std::string id = engine.execute(registration).id;

  Command draft;
  draft.type = EventType::draft;
  draft.actor = registration.actor;
  draft.ticket_id = id;
  draft.payload.category = Category::consultation;
  draft.payload.lead_unit = "区建设局";
  clock.advance(std::chrono::minutes(5));
  engine.execute(draft);

  ReportOptions options;
  options.from = china_instant(2026, 3, 1);
  options.to = china_instant(2026, 4, 1);
  const Report report = build_report(store, calendar, options);
  ASSERT_EQ(report.overdue.size(), 1u);

  for (const Language language : {Language::en, Language::zh_CN}) {
    const std::string html = report_to_html(report, language);
    EXPECT_THAT(html, HasSubstr("<td>" + id + "</td>"));
    for (const std::string_view secret : {"欧阳", "明辉", "建设发展有限公司", "黄金路", "13812345678",
                                          "pw123", "163.com", "照明不足"}) {
      EXPECT_THAT(html, Not(HasSubstr(std::string(secret)))) << secret;
    }
  }
}

}  // namespace
