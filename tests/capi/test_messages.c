/* Messages: Chinese and English per handle, the process default, the
 * thread's last message after a failed open, and messages that stay with
 * the handle whose call failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

static char *copy_text(const char *text) { return text_format("%s", text); }

static void check_calendar_languages(void) {
  jsb_calendar *english = NULL;
  jsb_calendar *chinese = NULL;
  char *json = NULL;
  const char *message;
  char *first_message;

  CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &english));
  CHECK_RC(JSB_OK, jsb_calendar_open("{\"language\":\"zh\"}", &chinese));
  CHECK_STR("", jsb_calendar_errmsg(english));
  CHECK_STR("", jsb_calendar_errmsg(chinese));

  /* A failure on one handle does not show on the other. */
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(english, "2026-02-30", &json));
  message = jsb_calendar_errmsg(english);
  CHECK_CONTAINS(message, "2026-02-30");
  CHECK_STR("", jsb_calendar_errmsg(chinese));
  first_message = copy_text(message);

  CHECK_RC(JSB_CALENDAR_NOT_COVERED, jsb_calendar_is_working_day(chinese, "2028-01-03", &(int){0}));
  CHECK_CONTAINS(jsb_calendar_errmsg(chinese), "2028");
  CHECK_NOT_CONTAINS(jsb_calendar_errmsg(chinese), "no calendar data");
  /* The first handle's message is unchanged, and so is its pointer's text. */
  CHECK_STR(first_message, jsb_calendar_errmsg(english));
  CHECK_STR(first_message, message);
  /* The thread's last message is the later failure's, in the default language. */
  CHECK_CONTAINS(jsb_last_errmsg(), "no calendar data for 2028");
  CHECK(jsb_last_errcode() == JSB_CALENDAR_NOT_COVERED);

  /* A message is chosen when read: the same failure in the other language. */
  CHECK_RC(JSB_OK, jsb_calendar_set_language(english, JSB_LANG_ZH));
  CHECK_CONTAINS(jsb_calendar_errmsg(english), "2026-02-30");
  CHECK(strcmp(first_message, jsb_calendar_errmsg(english)) != 0);
  CHECK_RC(JSB_OK, jsb_calendar_set_language(chinese, JSB_LANG_EN));
  CHECK_CONTAINS(jsb_calendar_errmsg(chinese), "no calendar data for 2028");
  /* A successful call keeps the handle's last message. */
  CHECK_RC(JSB_OK, jsb_calendar_info(chinese, &json));
  jsb_free(json);
  CHECK_CONTAINS(jsb_calendar_errmsg(chinese), "no calendar data for 2028");

  free(first_message);
  CHECK_RC(JSB_OK, jsb_calendar_close(english));
  CHECK_RC(JSB_OK, jsb_calendar_close(chinese));
}

static void check_engine_languages(const char *scratch) {
  char path_a[4200];
  char path_b[4200];
  jsb_engine *a;
  jsb_engine *b = NULL;
  char *ticket = NULL;
  char *first_message;

  path_join(path_a, sizeof path_a, scratch, "a.db");
  path_join(path_b, sizeof path_b, scratch, "b.db");
  a = open_manual_engine(path_a, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"off\"");
  CHECK_RC(JSB_OK, jsb_engine_open(path_b, NULL, "{\"language\":\"zh\",\"synchronous\":\"off\"}", &b));

  CHECK_RC(JSB_NOT_FOUND, jsb_engine_view(a, "PW2026000042", OFFICER, &ticket));
  CHECK_CONTAINS(jsb_engine_errmsg(a), "no ticket \"PW2026000042\"");
  CHECK_STR("", jsb_engine_errmsg(b));
  first_message = copy_text(jsb_engine_errmsg(a));

  CHECK_RC(JSB_NOT_FOUND, jsb_engine_view(b, "PW2026000043", OFFICER, &ticket));
  CHECK_CONTAINS(jsb_engine_errmsg(b), "没有编号为 \"PW2026000043\" 的工单");
  CHECK_STR(first_message, jsb_engine_errmsg(a));

  CHECK_RC(JSB_OK, jsb_engine_set_language(a, JSB_LANG_ZH));
  CHECK_CONTAINS(jsb_engine_errmsg(a), "没有编号为 \"PW2026000042\" 的工单");
  CHECK_RC(JSB_OK, jsb_engine_set_language(a, JSB_LANG_EN));
  CHECK_STR(first_message, jsb_engine_errmsg(a));

  /* A calendar failure leaves the engines' messages alone. */
  {
    jsb_calendar *calendar = NULL;
    CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
    CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, "noon", &(int64_t){0}));
    CHECK_STR(first_message, jsb_engine_errmsg(a));
    CHECK_CONTAINS(jsb_engine_errmsg(b), "PW2026000043");
    CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  }

  /* The message pointer of a handle stays valid while other handles fail. */
  {
    const char *pointer = jsb_engine_errmsg(a);
    int i;
    for (i = 0; i < 10; ++i) {
      jsb_calendar *calendar = NULL;
      CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
      CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendar, "noon", &(int64_t){0}));
      CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
    }
    CHECK_STR(first_message, pointer);
    CHECK_STR(first_message, jsb_engine_errmsg(a));
  }

  /* A thread keeps the messages of its last 16 handles with failures. */
  {
    jsb_calendar *calendars[16];
    int i;
    for (i = 0; i < 16; ++i) {
      CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendars[i]));
      CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_parse_instant(calendars[i], "noon", &(int64_t){0}));
    }
    CHECK_STR("", jsb_engine_errmsg(a));
    CHECK_CONTAINS(jsb_calendar_errmsg(calendars[0]), "noon");
    CHECK_CONTAINS(jsb_calendar_errmsg(calendars[15]), "noon");
    for (i = 0; i < 16; ++i) {
      CHECK_RC(JSB_OK, jsb_calendar_close(calendars[i]));
    }
  }

  free(first_message);
  CHECK_RC(JSB_OK, jsb_engine_close(a));
  CHECK_RC(JSB_OK, jsb_engine_close(b));
}

static void check_default_language(const char *scratch) {
  jsb_engine *engine = (jsb_engine *)&engine;
  jsb_calendar *calendar = NULL;
  char database[4200];
  char *json = NULL;

  path_join(database, sizeof database, scratch, "default.db");

  /* A failed open has no handle: jsb_last_errmsg gives its message. */
  CHECK_RC(JSB_OK, jsb_set_default_language(JSB_LANG_EN));
  CHECK_RC(JSB_INVALID_DATA, jsb_engine_open(database, NULL, "{\"clock\":\"sundial\"}", &engine));
  CHECK(engine == NULL);
  CHECK_CONTAINS(jsb_last_errmsg(), "sundial");
  CHECK_CONTAINS(jsb_last_errmsg(), "unknown value");
  CHECK_CONTAINS(jsb_engine_errmsg(NULL), "unknown value");
  CHECK_RC(JSB_OK, jsb_set_default_language(JSB_LANG_ZH));
  CHECK_CONTAINS(jsb_last_errmsg(), "sundial");
  CHECK_CONTAINS(jsb_last_errmsg(), "未知的取值");

  /* Handles opened now start in Chinese. */
  CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, "2026-02-30", &json));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2026-02-30");
  CHECK_NOT_CONTAINS(jsb_calendar_errmsg(calendar), "invalid");
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  CHECK_RC(JSB_INVALID_DATA, jsb_engine_open(scratch, NULL, NULL, &engine));
  CHECK_CONTAINS(jsb_last_errmsg(), "不是普通文件");

  /* Until the default changes back; a handle's own language stays. */
  CHECK_RC(JSB_OK, jsb_calendar_open("{\"language\":\"en\"}", &calendar));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_day_info(calendar, "2026-02-30", &json));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2026-02-30");
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "has 28 days");
  CHECK_RC(JSB_OK, jsb_set_default_language(JSB_LANG_EN));
  CHECK_CONTAINS(jsb_last_errmsg(), "2026-02-30");
  CHECK_CONTAINS(jsb_last_errmsg(), "has 28 days");
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
}

void test_messages(void) {
  char scratch[4096];
  scratch_create(scratch, sizeof scratch);

  step("calendar handles");
  check_calendar_languages();

  step("engine handles");
  check_engine_languages(scratch);

  step("default language");
  check_default_language(scratch);

  scratch_remove(scratch);
}

/* Run in a fresh process with LANG set by CTest: the first message follows
 * LANG, and jsb_set_default_language overrides it. */
void test_language_environment(const char *expected) {
  jsb_calendar *calendar = (jsb_calendar *)&calendar;
  const int chinese = strcmp(expected, "zh") == 0;

  step(chinese ? "LANG starts with zh" : "LANG does not start with zh");
  CHECK_RC(JSB_INVALID_DATA, jsb_calendar_open("{\"coverage\":\"loose\"}", &calendar));
  CHECK_CONTAINS(jsb_last_errmsg(), "loose");
  CHECK_CONTAINS(jsb_last_errmsg(), chinese ? "未知的取值" : "unknown value");

  CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_set_language(calendar, 9));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), chinese ? "语言 9" : "language 9");
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));

  CHECK_RC(JSB_OK, jsb_set_default_language(chinese ? JSB_LANG_EN : JSB_LANG_ZH));
  CHECK_CONTAINS(jsb_last_errmsg(), chinese ? "language 9" : "语言 9");
}
