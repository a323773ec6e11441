/* Opening and closing engines: every option member and its errors, paths,
 * the calendar handle, the policy, and the system clock, which refuses
 * jsb_engine_set_now and jsb_engine_replay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_support.h"

static void check_option_errors(const char *database) {
  static const struct {
    const char *options;
    int code;
    const char *message_part;
  } cases[] = {
      {"{", JSB_INVALID_DATA, "engine options"},
      {"", JSB_INVALID_DATA, "engine options"},
      {"[\"manual\"]", JSB_INVALID_DATA, "engine options"},
      {"{\"clock\":\"manual\"} x", JSB_INVALID_DATA, "engine options"},
      {"{\"clock\":\"sundial\"}", JSB_INVALID_DATA, "sundial"},
      {"{\"clock\":true}", JSB_INVALID_DATA, "clock"},
      {"{\"now\":\"2026-03-02T09:00:00+08:00\"}", JSB_INVALID_DATA, "manual"},
      {"{\"clock\":\"manual\",\"now\":\"yesterday\"}", JSB_INVALID_DATA, "now"},
      {"{\"clock\":\"manual\",\"now\":1772413200}", JSB_INVALID_DATA, "now"},
      {"{\"synchronous\":\"sometimes\"}", JSB_INVALID_DATA, "sometimes"},
      {"{\"busy_timeout_ms\":-1}", JSB_INVALID_DATA, "busy_timeout_ms"},
      {"{\"busy_timeout_ms\":\"2000\"}", JSB_INVALID_DATA, "busy_timeout_ms"},
      {"{\"busy_timeout_ms\":2.5}", JSB_INVALID_DATA, "busy_timeout_ms"},
      {"{\"create\":\"yes\"}", JSB_INVALID_DATA, "create"},
      {"{\"language\":\"de\"}", JSB_INVALID_DATA, "de"},
      {"{\"policy\":[]}", JSB_INVALID_DATA, "policy"},
      {"{\"policy\":{\"dispatch_minutes\":{\"fax\":10}}}", JSB_INVALID_DATA, "fax"},
      {"{\"policy\":{\"warning_share\":\"most\"}}", JSB_INVALID_DATA, "warning_share"},
      {"{\"policy\":{},\"policy_file\":\"policy.json\"}", JSB_INVALID_DATA, "policy_file"},
      {"{\"policy_file\":7}", JSB_INVALID_DATA, "policy_file"},
      {"{\"notification_templates\":{\"no_such_template\":{\"en\":\"x\"}}}", JSB_INVALID_DATA, "no_such_template"},
      {"{\"deliver_notifications\":true}", JSB_INVALID_DATA, "deliver_notifications"},
      {"{\"colour\":\"red\"}", JSB_INVALID_DATA, "colour"},
      {"{\"clock\":\"manual\",\"clock\":\"manual\"}", JSB_INVALID_DATA, "clock"},
      {"{\"language\":\"\xD6\xD0\"}", JSB_INVALID_DATA, "engine options"},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    jsb_engine *engine = (jsb_engine *)&engine; /* not NULL, to see it cleared */
    const int rc = jsb_engine_open(database, NULL, cases[i].options, &engine);
    check_rc_at(cases[i].code, rc, cases[i].options, __FILE__, __LINE__);
    CHECK(engine == NULL);
    CHECK_CONTAINS(jsb_last_errmsg(), cases[i].message_part);
    if (rc == JSB_OK) {
      jsb_engine_close(engine);
    }
  }
}

static void check_paths(const char *scratch) {
  jsb_engine *engine = (jsb_engine *)&engine;
  char path[4200];

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_open(NULL, NULL, NULL, &engine));
  CHECK(engine == NULL);
  CHECK_CONTAINS(jsb_last_errmsg(), "path");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_open("", NULL, NULL, &engine));
  CHECK_CONTAINS(jsb_last_errmsg(), "empty");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_open(scratch, NULL, NULL, NULL));

  /* A folder, a missing file without "create", a file that is no database. */
  CHECK_RC(JSB_INVALID_DATA, jsb_engine_open(scratch, NULL, NULL, &engine));
  CHECK(engine == NULL);
  CHECK_CONTAINS(jsb_last_errmsg(), "not a regular file");
  path_join(path, sizeof path, scratch, "missing.db");
  CHECK_RC(JSB_NOT_FOUND, jsb_engine_open(path, NULL, "{\"create\":false}", &engine));
  CHECK(engine == NULL);
  CHECK_CONTAINS(jsb_last_errmsg(), "missing.db");
  path_join(path, sizeof path, scratch, "notes.txt");
  write_file(path, "These are notes, not an SQLite database, and they are long enough to fill a header page.\n");
  CHECK_RC(JSB_INVALID_DATA, jsb_engine_open(path, NULL, NULL, &engine));
  CHECK(engine == NULL);
  path_join(path, sizeof path, scratch, "missing-folder/new.db");
  CHECK_RC(JSB_IO_ERROR, jsb_engine_open(path, NULL, NULL, &engine));

  /* A path is passed to the system as given, also when it is not UTF-8. */
  path_join(path, sizeof path, scratch, "\xD6\xD0\xCE\xC4.db");
  CHECK_RC(JSB_OK, jsb_engine_open(path, NULL, NULL, &engine));
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  {
    FILE *file = fopen(path, "rb");
    CHECK(file != NULL);
    if (file != NULL) {
      fclose(file);
    }
  }
  CHECK_RC(JSB_OK, jsb_engine_open(path, NULL, "{\"create\":false}", &engine));
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
}

static void check_system_clock(const char *database) {
  jsb_engine *engine = NULL;
  int64_t now = 0;
  char *result = untouched;
  const int64_t before = (int64_t)time(NULL);

  CHECK_RC(JSB_OK, jsb_engine_open(database, NULL, "{\"clock\":\"system\",\"synchronous\":\"normal\"}", &engine));
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK(now >= before);
  CHECK(now <= (int64_t)time(NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_set_now(engine, before));
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "system clock");
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK(now >= before);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_replay(engine, database, NULL, &result));
  CHECK(result == NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "manual");
  CHECK_RC(JSB_OK, jsb_engine_close(engine));

  /* The defaults are the system clock, too. */
  CHECK_RC(JSB_OK, jsb_engine_open(database, NULL, NULL, &engine));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_set_now(engine, before));
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
}

static void check_policy(const char *scratch) {
  jsb_engine *engine = NULL;
  char path[4200];
  char *policy = NULL;
  char id[32];
  char *ticket;

  /* A hotline request may wait 15 working minutes under this policy. */
  path_join(path, sizeof path, scratch, "policy.db");
  CHECK_RC(JSB_OK, jsb_engine_open(path, NULL,
                                   "{\"policy\":{\"dispatch_minutes\":{\"hotline\":15}},\"clock\":\"manual\","
                                   "\"now\":\"2026-03-02T09:55:00+08:00\",\"synchronous\":\"off\"}",
                                   &engine));
  CHECK_RC(JSB_OK, jsb_engine_policy(engine, &policy));
  CHECK_CONTAINS(policy, "\"hotline\": 15");
  CHECK_CONTAINS(policy, "\"ticket_number_pattern\": \"PW{year}{seq:06}\"");
  register_request(engine, "咨询", id);
  ticket = NULL;
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
  CHECK_CONTAINS(ticket, "\"due\":\"2026-03-02T10:10:00+08:00\"");
  jsb_free(ticket);
  CHECK_RC(JSB_OK, jsb_engine_close(engine));

  /* The same policy from the JSON that jsb_engine_policy returned, as a file. */
  path_join(path, sizeof path, scratch, "policy.json");
  write_file(path, policy);
  jsb_free(policy);
  {
    char database[4200];
    char *options = text_format("{\"policy_file\":\"%s\",\"synchronous\":\"off\"}", path);
    path_join(database, sizeof database, scratch, "policy-file.db");
    CHECK_RC(JSB_OK, jsb_engine_open(database, NULL, options, &engine));
    free(options);
    CHECK_RC(JSB_OK, jsb_engine_policy(engine, &policy));
    CHECK_CONTAINS(policy, "\"hotline\": 15");
    jsb_free(policy);
    CHECK_RC(JSB_OK, jsb_engine_close(engine));

    path_join(path, sizeof path, scratch, "no-policy.json");
    options = text_format("{\"policy_file\":\"%s\"}", path);
    CHECK_RC(JSB_IO_ERROR, jsb_engine_open(database, NULL, options, &engine));
    CHECK_CONTAINS(jsb_last_errmsg(), "no-policy.json");
    free(options);
  }

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_policy(NULL, &policy));
}

/* An engine keeps the calendar it was opened with after the handle closes. */
static void check_calendar_handle(const char *scratch) {
  jsb_calendar *calendar = NULL;
  jsb_engine *engine = NULL;
  char path[4200];
  char id[32];
  char *ticket = NULL;

  /* Provisional coverage, so a request registered on Thu 2026-12-31 16:55
   * gets a dispatch deadline in 2027. */
  CHECK_RC(JSB_OK, jsb_calendar_open("{\"coverage\":\"provisional\"}", &calendar));
  path_join(path, sizeof path, scratch, "calendar.db");
  CHECK_RC(JSB_OK, jsb_engine_open(path, calendar,
                                   "{\"clock\":\"manual\",\"now\":\"2026-12-31T16:55:00+08:00\","
                                   "\"synchronous\":\"off\",\"language\":\"en\"}",
                                   &engine));
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  register_request(engine, "跨年的咨询", id);
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
  CHECK_CONTAINS(ticket, "\"due\":\"2027-01-01T08:35:00+08:00\"");
  CHECK_CONTAINS(ticket, "\"provisional\":true");
  jsb_free(ticket);
  CHECK_RC(JSB_OK, jsb_engine_close(engine));

  /* The built-in calendar is strict: the same registration has no deadline. */
  path_join(path, sizeof path, scratch, "strict.db");
  engine = open_manual_engine(path, "2026-12-31T16:55:00+08:00", ",\"synchronous\":\"off\"");
  {
    char *payload = text_format("{\"channel\":\"hotline\",\"requester\":%s,\"content\":\"跨年\"}", REQUESTER);
    run_fails(engine, JSB_CALENDAR_NOT_COVERED, "register_request", NULL, OFFICER, payload, NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "2027");
    free(payload);
  }
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
}

/* Tickets survive closing and reopening, and the manual clock starts at
 * the "now" option, or at the Unix epoch without it. */
static void check_reopen(const char *scratch) {
  jsb_engine *engine;
  char path[4200];
  char id[32];
  char *ticket = NULL;
  int64_t now = 0;

  path_join(path, sizeof path, scratch, "reopen.db");
  engine = open_manual_engine(path, "2026-03-02T09:55:00+08:00", "");
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK_I64(instant_of("2026-03-02T09:55:00+08:00"), now);
  register_request(engine, "第一件", id);
  CHECK_STR("PW2026000001", id);
  CHECK_RC(JSB_OK, jsb_engine_set_now(engine, instant_of("2025-01-01T00:00:00+08:00")));
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK_I64(instant_of("2025-01-01T00:00:00+08:00"), now);
  CHECK_RC(JSB_OK, jsb_engine_close(engine));

  CHECK_RC(JSB_OK, jsb_engine_open(path, NULL, "{\"clock\":\"manual\",\"create\":false}", &engine));
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK_I64(0, now); /* a manual clock without "now" starts at the Unix epoch */
  CHECK_RC(JSB_OK, jsb_engine_view(engine, "PW2026000001", OFFICER, &ticket));
  CHECK_CONTAINS(ticket, "\"content\":\"第一件\"");
  jsb_free(ticket);
  set_now(engine, "2026-03-02T10:30:00+08:00");
  register_request(engine, "第二件", id);
  CHECK_STR("PW2026000002", id);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_now(NULL, &now));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_now(engine, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_set_now(NULL, now));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_set_language(NULL, JSB_LANG_ZH));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_set_language(engine, 5));
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "language 5");
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
}

void test_engine_open(void) {
  char scratch[4096];
  char database[4200];

  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "engine.db");

  step("option errors");
  check_option_errors(database);

  step("paths");
  check_paths(scratch);

  step("system clock");
  check_system_clock(database);

  step("policy");
  check_policy(scratch);

  step("calendar handle");
  check_calendar_handle(scratch);

  step("reopen");
  check_reopen(scratch);

  scratch_remove(scratch);
}
