/* The calendar functions: open options and their errors, every query with
 * its NULL, malformed-text and out-of-range cases, and the two coverage
 * policies. Expected dates and deadlines are those of docs/calendar.md and
 * docs/workflow.md for the built-in State Council data. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* "中文" in GBK: not valid UTF-8. */
#define GBK_TEXT "\xD6\xD0\xCE\xC4"

/* Invented 2027 holidays in the calendar file format (docs/calendar.md). */
static const char calendar_2027[] =
    "{\"years\":[2027],"
    "\"holidays\":{\"2027-01-01\":{\"en\":\"New Year's Day\",\"zh\":\"元旦\"},"
    "\"2027-01-02\":{\"en\":\"New Year's Day\",\"zh\":\"元旦\"},"
    "\"2027-01-03\":{\"en\":\"New Year's Day\",\"zh\":\"元旦\"}}}";

static jsb_calendar *open_calendar(const char *options) {
  jsb_calendar *calendar = NULL;
  CHECK_RC(JSB_OK, jsb_calendar_open(options, &calendar));
  CHECK(calendar != NULL);
  return calendar;
}

static void check_open_errors(const char *scratch) {
  static const struct {
    const char *options;
    int code;
    const char *message_part;
  } cases[] = {
      {"{", JSB_INVALID_DATA, "calendar options"},
      {"", JSB_INVALID_DATA, "calendar options"},
      {"[]", JSB_INVALID_DATA, "calendar options"},
      {"null", JSB_INVALID_DATA, "calendar options"},
      {"{\"coverage\":1}", JSB_INVALID_DATA, "coverage"},
      {"{\"coverage\":\"loose\"}", JSB_INVALID_DATA, "loose"},
      {"{\"base\":\"julian\"}", JSB_INVALID_DATA, "julian"},
      {"{\"files\":\"extra.json\"}", JSB_INVALID_DATA, "files"},
      {"{\"files\":[1]}", JSB_INVALID_DATA, "files"},
      {"{\"data\":{}}", JSB_INVALID_DATA, "data"},
      {"{\"data\":[1]}", JSB_INVALID_DATA, "data[0]"},
      {"{\"data\":[{\"years\":[2027],\"holidays\":{\"2027-02-30\":\"x\"}}]}", JSB_INVALID_DATA, "2027-02-30"},
      {"{\"provisional_years\":\"4\"}", JSB_INVALID_DATA, "provisional_years"},
      {"{\"provisional_years\":4.5}", JSB_INVALID_DATA, "provisional_years"},
      {"{\"language\":\"fr\"}", JSB_INVALID_DATA, "fr"},
      {"{\"language\":1}", JSB_INVALID_DATA, "language"},
      {"{\"colour\":\"red\"}", JSB_INVALID_DATA, "colour"},
      {"{\"coverage\":\"strict\",\"coverage\":\"strict\"}", JSB_INVALID_DATA, "coverage"},
      {"{\"coverage\":\"" GBK_TEXT "\"}", JSB_INVALID_DATA, "calendar options"},
      {"{\"base\":\"none\"}", JSB_INVALID_DATA, ""},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    jsb_calendar *calendar = (jsb_calendar *)&calendar; /* not NULL, to see it cleared */
    const int rc = jsb_calendar_open(cases[i].options, &calendar);
    check_rc_at(cases[i].code, rc, cases[i].options, __FILE__, __LINE__);
    CHECK(calendar == NULL);
    CHECK(jsb_last_errcode() == cases[i].code);
    CHECK_CONTAINS(jsb_last_errmsg(), cases[i].message_part);
    if (rc == JSB_OK) {
      jsb_calendar_close(calendar);
    }
  }

  /* A calendar file that does not exist. */
  {
    char missing[4200];
    char *options;
    jsb_calendar *calendar = NULL;
    path_join(missing, sizeof missing, scratch, "missing.json");
    options = text_format("{\"files\":[\"%s\"]}", missing);
    CHECK_RC(JSB_IO_ERROR, jsb_calendar_open(options, &calendar));
    CHECK(calendar == NULL);
    CHECK_CONTAINS(jsb_last_errmsg(), "missing.json");
    free(options);
  }
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_open(NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_open("{}", NULL));
}

static void check_null_arguments(jsb_calendar *calendar) {
  char *text = untouched;
  int64_t instant = 0;
  int value = 0;
  int64_t element = 0;

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_set_language(NULL, JSB_LANG_EN));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_info(NULL, &text));
  CHECK(text == NULL); /* set to NULL even when the handle is bad */
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_info(calendar, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(NULL, "2026-10-01", &text));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, NULL, &text));
  CHECK(text == NULL);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, "2026-10-01", NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_is_working_day(NULL, "2026-10-01", &value));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_is_working_day(calendar, NULL, &value));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_is_working_day(calendar, "2026-10-01", NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_periods(NULL, "2026-10-01", &text));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_periods(calendar, NULL, &text));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_periods(calendar, "2026-10-01", NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_next_working_instant(NULL, 0, &instant, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_next_working_instant(calendar, instant_of("2026-03-02T10:00:00+08:00"), NULL, &value));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_seconds(NULL, 0, 60, &instant, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_seconds(calendar, instant_of("2026-03-02T10:00:00+08:00"), 60, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between(NULL, 0, 0, &instant, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between(calendar, 0, 0, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days(NULL, "2026-10-01", 1, &text, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days(calendar, NULL, 1, &text, NULL));
  CHECK(text == NULL);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days(calendar, "2026-10-01", 1, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_days_between(NULL, "2026-10-01", "2026-10-09", &value, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_days_between(calendar, NULL, "2026-10-09", &value, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_days_between(calendar, "2026-10-01", NULL, &value, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_days_between(calendar, "2026-10-01", "2026-10-09", NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days_at(NULL, 0, 1, JSB_LEGAL_PERIOD, &instant, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"), 1, JSB_LEGAL_PERIOD, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_seconds_batch(NULL, &element, 1, 60, &element, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_seconds_batch(calendar, NULL, 1, 60, &element, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_seconds_batch(calendar, &element, 1, 60, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between_batch(NULL, &element, &element, 1, &element, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between_batch(calendar, NULL, &element, 1, &element, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between_batch(calendar, &element, NULL, 1, &element, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between_batch(calendar, &element, &element, 1, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_format_instant(NULL, 0, &text));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_format_instant(calendar, 0, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(NULL, "2026-10-08T09:20", &instant));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, NULL, &instant));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, "2026-10-08T09:20", NULL));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "out_instant");
}

static void check_days(jsb_calendar *calendar) {
  char *json = NULL;
  char *date = NULL;
  int working = -1;
  int provisional = -1;
  int days = 0;

  CHECK_RC(JSB_OK, jsb_calendar_info(calendar, &json));
  CHECK_CONTAINS(json, "\"first_date\":\"2004-01-01\"");
  CHECK_CONTAINS(json, "\"last_date\":\"2030-12-31\"");
  CHECK_CONTAINS(json, "\"utc_offset_minutes\":480");
  CHECK_CONTAINS(json, "\"coverage\":\"strict\"");
  CHECK_CONTAINS(json, "2004,2005,");
  CHECK_CONTAINS(json, ",2026]");
  jsb_free(json);

  CHECK_RC(JSB_OK, jsb_calendar_day_info(calendar, "2026-10-01", &json));
  CHECK_STR("{\"date\":\"2026-10-01\",\"kind\":\"holiday\",\"working\":false,\"provisional\":false,"
            "\"name_en\":\"National Day\",\"name_zh\":\"国庆节\"}",
            json);
  jsb_free(json);
  CHECK_RC(JSB_OK, jsb_calendar_day_info(calendar, "2026-02-14", &json));
  CHECK_CONTAINS(json, "\"kind\":\"make_up_working_day\",\"working\":true");
  jsb_free(json);
  /* day_info never fails for a year without data: it flags the day. */
  CHECK_RC(JSB_OK, jsb_calendar_day_info(calendar, "2028-10-02", &json));
  CHECK_CONTAINS(json, "\"provisional\":true");
  jsb_free(json);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, "2026-02-30", &json));
  CHECK(json == NULL);
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2026-02-30");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, "2026-10-01T08:00", &json));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, "", &json));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, GBK_TEXT, &json));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "UTF-8");
  CHECK(json == NULL);
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_day_info(calendar, "2003-12-31", &json));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_day_info(calendar, "2031-01-01", &json));

  CHECK_RC(JSB_OK, jsb_calendar_is_working_day(calendar, "2026-10-01", &working));
  CHECK(working == 0);
  CHECK_RC(JSB_OK, jsb_calendar_is_working_day(calendar, "2026-10-09", &working));
  CHECK(working == 1);
  CHECK_RC(JSB_OK, jsb_calendar_is_working_day(calendar, "2026-02-14", &working));
  CHECK(working == 1);
  working = -1;
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_is_working_day(calendar, "2028-01-03", &working));
  CHECK(working == -1);
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2028");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_is_working_day(calendar, GBK_TEXT, &working));

  CHECK_RC(JSB_OK, jsb_calendar_working_periods(calendar, "2026-10-09", &json));
  CHECK_STR("{\"date\":\"2026-10-09\",\"provisional\":false,"
            "\"periods\":[{\"start\":\"08:30\",\"end\":\"12:00\"},{\"start\":\"13:00\",\"end\":\"17:00\"}]}",
            json);
  jsb_free(json);
  CHECK_RC(JSB_OK, jsb_calendar_working_periods(calendar, "2026-10-01", &json));
  CHECK_CONTAINS(json, "\"periods\":[]");
  jsb_free(json);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_periods(calendar, "10/09/2026", &json));
  CHECK(json == NULL);

  /* Sep 30 plus one working day skips the National Day holiday. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_days(calendar, "2026-09-30", 1, &date, &provisional));
  CHECK_STR("2026-10-08", date);
  CHECK(provisional == 0);
  jsb_free(date);
  CHECK_RC(JSB_OK, jsb_calendar_add_working_days(calendar, "2026-10-08", -1, &date, NULL));
  CHECK_STR("2026-09-30", date);
  jsb_free(date);
  date = untouched;
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_days(calendar, "2026-09-30", INT_MAX, &date, NULL));
  CHECK(date == NULL);
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_days(calendar, "2026-09-30", INT_MIN, &date, NULL));
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_add_working_days(calendar, "2026-12-30", 5, &date, NULL));
  CHECK(date == NULL);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days(calendar, "2026-13-01", 1, &date, NULL));

  /* Sep 28, 29, 30 and Oct 8: the holiday runs Oct 1-7. */
  CHECK_RC(JSB_OK, jsb_calendar_working_days_between(calendar, "2026-09-28", "2026-10-09", &days, &provisional));
  CHECK(days == 4);
  CHECK(provisional == 0);
  CHECK_RC(JSB_OK, jsb_calendar_working_days_between(calendar, "2026-10-09", "2026-09-28", &days, NULL));
  CHECK(days == -4);
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_working_days_between(calendar, "2026-12-28", "2027-01-08", &days, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_days_between(calendar, GBK_TEXT, "2026-10-09", &days, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_days_between(calendar, "2026-10-01", GBK_TEXT, &days, NULL));
}

static void check_instants(jsb_calendar *calendar) {
  int64_t instant = 0;
  int64_t seconds = 0;
  int provisional = -1;
  char *text = NULL;

  CHECK_RC(JSB_OK, jsb_calendar_parse_instant(calendar, "2026-10-08T09:20", &instant));
  CHECK_I64(instant_of("2026-10-08T01:20:00Z"), instant);
  CHECK_RC(JSB_OK, jsb_calendar_parse_instant(calendar, "2026-10-08T09:20:00+08:00", &instant));
  CHECK_I64(1791422400, instant);
  CHECK_RC(JSB_OK, jsb_calendar_format_instant(calendar, instant, &text));
  CHECK_STR("2026-10-08T09:20:00+08:00", text);
  jsb_free(text);
  CHECK_RC(JSB_OK, jsb_calendar_format_instant(calendar, 0, &text));
  CHECK_STR("1970-01-01T08:00:00+08:00", text);
  jsb_free(text);
  instant = 42;
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, "tomorrow", &instant));
  CHECK(instant == 42);
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "tomorrow");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, "2026-10-08T24:00", &instant));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, GBK_TEXT, &instant));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, "", &instant));
  /* RFC 3339 text has years 1400 to 9999 only. */
  text = untouched;
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_format_instant(calendar, INT64_MAX, &text));
  CHECK(text == NULL);
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "1400-9999");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_format_instant(calendar, INT64_MIN, &text));
  CHECK_RC(JSB_OK, jsb_calendar_format_instant(calendar, instant_of("9999-12-31T23:59:59+08:00"), &text));
  CHECK_STR("9999-12-31T23:59:59+08:00", text);
  jsb_free(text);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_format_instant(calendar, instant_of("9999-12-31T23:59:59+08:00") + 1,
                                                             &text));

  /* After the close of Sep 30, work resumes on Oct 8 at 08:30. */
  CHECK_RC(JSB_OK, jsb_calendar_next_working_instant(calendar, instant_of("2026-09-30T17:30:00+08:00"), &instant,
                                                     &provisional));
  CHECK_I64(instant_of("2026-10-08T08:30:00+08:00"), instant);
  CHECK(provisional == 0);
  CHECK_RC(JSB_OK, jsb_calendar_next_working_instant(calendar, instant_of("2026-03-02T12:30:00+08:00"), &instant,
                                                     NULL));
  CHECK_I64(instant_of("2026-03-02T13:00:00+08:00"), instant);
  instant = 42;
  CHECK_RC(JSB_CALENDAR_NOT_COVERED,
           jsb_calendar_next_working_instant(calendar, instant_of("2026-12-31T17:30:00+08:00"), &instant, NULL));
  CHECK(instant == 42);
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_next_working_instant(calendar, INT64_MAX, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_next_working_instant(calendar, INT64_MIN, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_next_working_instant(calendar, 0, &instant, NULL));
  CHECK(instant == 42);

  /* 60 working minutes from Wed 2026-09-30 16:50: 10 on Sep 30, 50 on Oct 8. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds(calendar, instant_of("2026-09-30T16:50:00+08:00"), 3600,
                                                    &instant, &provisional));
  CHECK_I64(instant_of("2026-10-08T09:20:00+08:00"), instant);
  CHECK(provisional == 0);
  /* 10 minutes from Fri 2026-02-13 16:55 end on the make-up Saturday. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds(calendar, instant_of("2026-02-13T16:55:00+08:00"), 600,
                                                    &instant, NULL));
  CHECK_I64(instant_of("2026-02-14T08:35:00+08:00"), instant);
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds(calendar, instant_of("2026-10-08T09:20:00+08:00"), -3600,
                                                    &instant, NULL));
  CHECK_I64(instant_of("2026-09-30T16:50:00+08:00"), instant);
  instant = 42;
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds(calendar, instant_of("2026-09-30T16:50:00+08:00"),
                                                              INT64_MAX, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds(calendar, instant_of("2026-09-30T16:50:00+08:00"),
                                                              INT64_MIN, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds(calendar, INT64_MIN, 60, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds(calendar, INT64_MAX, 60, &instant, NULL));
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_add_working_seconds(calendar, instant_of("2026-12-31T16:00:00+08:00"),
                                                                      7200, &instant, NULL));
  CHECK(instant == 42);

  /* Thu 2026-12-31 16:00 to Mon 2027-01-04 09:00 needs 2027. */
  CHECK_RC(JSB_CALENDAR_NOT_COVERED,
           jsb_calendar_working_seconds_between(calendar, instant_of("2026-12-31T16:00:00+08:00"),
                                                instant_of("2027-01-04T09:00:00+08:00"), &seconds, NULL));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2027");
  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between(calendar, instant_of("2026-03-02T10:00:00+08:00"),
                                                        instant_of("2026-03-04T17:00:00+08:00"), &seconds,
                                                        &provisional));
  CHECK_I64(1260 * 60, seconds);
  CHECK(provisional == 0);
  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between(calendar, instant_of("2026-03-04T17:00:00+08:00"),
                                                        instant_of("2026-03-02T10:00:00+08:00"), &seconds, NULL));
  CHECK_I64(-1260 * 60, seconds);
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_working_seconds_between(calendar, INT64_MIN, INT64_MAX, &seconds, NULL));

  /* A general request dispatched Mon 2026-03-02 10:00 is due Wed 17:00. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"), 2,
                                                    JSB_LEGAL_PERIOD, &instant, &provisional));
  CHECK_I64(instant_of("2026-03-04T17:00:00+08:00"), instant);
  CHECK(provisional == 0);
  /* A difficult one dispatched Thu 2026-02-12 10:00: Tue 2026-02-24 17:00. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_days_at(calendar, instant_of("2026-02-12T10:00:00+08:00"), 3,
                                                    JSB_LEGAL_PERIOD, &instant, NULL));
  CHECK_I64(instant_of("2026-02-24T17:00:00+08:00"), instant);
  /* Two standard days of working time: 360 minutes on Mar 2, 450 on Mar 3, 90 on Mar 4. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"), 2,
                                                    JSB_WORKING_TIME, &instant, NULL));
  CHECK_I64(instant_of("2026-03-04T10:00:00+08:00"), instant);
  instant = 42;
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"),
                                                                  2, 2, &instant, NULL));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "convention 2");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"),
                                                                  2, -1, &instant, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"),
                                                                  0, JSB_LEGAL_PERIOD, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_days_at(calendar, instant_of("2026-03-02T10:00:00+08:00"),
                                                              INT_MAX, JSB_LEGAL_PERIOD, &instant, NULL));
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_days_at(calendar, INT64_MAX, 1, JSB_WORKING_TIME, &instant,
                                                              NULL));
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_add_working_days_at(calendar, instant_of("2026-12-30T10:00:00+08:00"),
                                                                      3, JSB_LEGAL_PERIOD, &instant, NULL));
  CHECK(instant == 42);
}

/* Strict and provisional coverage, the provisional horizon, and data
 * merged over the built-in calendar. */
static void check_coverage(const char *scratch) {
  const int64_t from = instant_of("2026-12-31T16:00:00+08:00");
  const int64_t to = instant_of("2027-01-04T09:00:00+08:00");
  const int64_t in_2040 = instant_of("2040-03-05T10:00:00+08:00");
  int64_t seconds = 0;
  int64_t instant = 0;
  int provisional = -1;
  int working = -1;
  char *json = NULL;
  jsb_calendar *calendar;

  step("coverage: provisional");
  calendar = open_calendar("{\"coverage\":\"provisional\"}");
  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between(calendar, from, to, &seconds, &provisional));
  CHECK_I64(540 * 60, seconds);
  CHECK(provisional == 1);
  CHECK_RC(JSB_OK, jsb_calendar_is_working_day(calendar, "2028-01-03", &working));
  CHECK(working == 1);
  CHECK_RC(JSB_OK, jsb_calendar_info(calendar, &json));
  CHECK_CONTAINS(json, "\"coverage\":\"provisional\"");
  jsb_free(json);
  /* 2040 lies past the 4 provisional years after 2026, under either policy. */
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_next_working_instant(calendar, in_2040, &instant, &provisional));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2030-12-31");
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));

  step("coverage: 2040 with 20 provisional years");
  calendar = open_calendar("{\"provisional_years\":20}");
  instant = 42;
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_next_working_instant(calendar, in_2040, &instant, &provisional));
  CHECK(instant == 42);
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2040");
  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_is_working_day(calendar, "2040-03-05", &working));
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  calendar = open_calendar("{\"provisional_years\":20,\"coverage\":\"provisional\"}");
  provisional = -1;
  CHECK_RC(JSB_OK, jsb_calendar_next_working_instant(calendar, in_2040, &instant, &provisional));
  CHECK_I64(in_2040, instant);
  CHECK(provisional == 1);
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds(calendar, in_2040, 3600, &instant, &provisional));
  CHECK_I64(instant_of("2040-03-05T11:00:00+08:00"), instant);
  CHECK(provisional == 1);
  /* A computation inside the covered years is not provisional. */
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds(calendar, instant_of("2026-09-30T16:50:00+08:00"), 3600,
                                                    &instant, &provisional));
  CHECK(provisional == 0);
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_open("{\"provisional_years\":51}", &calendar));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_open("{\"provisional_years\":-1}", &calendar));

  step("coverage: 2027 data given inline and as a file");
  {
    char path[4200];
    char *options;
    path_join(path, sizeof path, scratch, "calendar-2027.json");
    write_file(path, calendar_2027);
    options = text_format("{\"files\":[\"%s\"],\"coverage\":\"strict\"}", path);
    calendar = open_calendar(options);
    free(options);
    CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between(calendar, from, to, &seconds, &provisional));
    CHECK_I64(90 * 60, seconds);
    CHECK(provisional == 0);
    CHECK_RC(JSB_OK, jsb_calendar_day_info(calendar, "2027-01-01", &json));
    CHECK_CONTAINS(json, "\"name_zh\":\"元旦\"");
    jsb_free(json);
    CHECK_RC(JSB_OK, jsb_calendar_close(calendar));

    options = text_format("{\"data\":[%s]}", calendar_2027);
    calendar = open_calendar(options);
    free(options);
    CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between(calendar, from, to, &seconds, &provisional));
    CHECK_I64(90 * 60, seconds);
    CHECK_RC(JSB_OK, jsb_calendar_info(calendar, &json));
    CHECK_CONTAINS(json, ",2026,2027]");
    jsb_free(json);
    CHECK_RC(JSB_OK, jsb_calendar_close(calendar));

    /* Only the given data, without the built-in years. */
    options = text_format("{\"base\":\"none\",\"data\":[%s]}", calendar_2027);
    calendar = open_calendar(options);
    free(options);
    CHECK_RC(JSB_OK, jsb_calendar_info(calendar, &json));
    CHECK_CONTAINS(json, "\"first_date\":\"2027-01-01\"");
    CHECK_CONTAINS(json, "\"years\":[2027]");
    jsb_free(json);
    CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_day_info(calendar, "2026-10-01", &json));
    CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  }
}

void test_calendar(void) {
  char scratch[4096];
  jsb_calendar *calendar;

  scratch_create(scratch, sizeof scratch);

  step("open errors");
  check_open_errors(scratch);

  step("NULL arguments");
  calendar = open_calendar(NULL);
  check_null_arguments(calendar);

  step("days");
  check_days(calendar);

  step("instants");
  check_instants(calendar);

  step("language");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_set_language(calendar, 2));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "language 2");
  CHECK_RC(JSB_OK, jsb_calendar_set_language(calendar, JSB_LANG_ZH));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "语言 2");
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));

  check_coverage(scratch);

  step("open with every member");
  calendar = open_calendar("{\"base\":\"official\",\"files\":[],\"data\":[],\"coverage\":\"strict\","
                           "\"provisional_years\":0,\"language\":\"zh\"}");
  {
    char *json = NULL;
    CHECK_RC(JSB_OK, jsb_calendar_info(calendar, &json));
    CHECK_CONTAINS(json, "\"last_date\":\"2026-12-31\"");
    jsb_free(json);
    CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_day_info(calendar, "2027-01-01", &json));
    CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2027-01-01");
    CHECK_NOT_CONTAINS(jsb_calendar_errmsg(calendar), "outside");
  }
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));

  scratch_remove(scratch);
}
