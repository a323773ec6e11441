/* Queries by state, unit, deadline and openness, alone, intersected and
 * limited; and the supervision report in its four formats and two
 * languages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

static void check_query(jsb_engine *engine, const char *query, const char *expected, int line) {
  char *result = NULL;
  check_rc_at(JSB_OK, jsb_engine_query(engine, query, &result), query, __FILE__, line);
  check_str_at(expected, result, query, __FILE__, line);
  jsb_free(result);
}

/* Four tickets received Mon 2026-03-02 09:00:
 *   PW2026000001  consultation of UNIT, dispatched, due Tue Mar 3 17:00
 *   PW2026000002  registered, dispatch due Mon 09:10
 *   PW2026000003  general of OTHER_UNIT, dispatched, due Wed Mar 4 17:00
 *   PW2026000004  consultation of UNIT, withdrawn: archived */
static void make_tickets(jsb_engine *engine) {
  char id[32];
  dispatch_request(engine, "第一件", UNIT, id);
  CHECK_STR("PW2026000001", id);
  register_request(engine, "第二件", id);
  register_request(engine, "第三件", id);
  jsb_free(run_ok(engine, "draft", id, OFFICER, "{\"category\":\"general\",\"lead_unit\":\"" OTHER_UNIT "\"}"));
  jsb_free(run_ok(engine, "approve_dispatch", id, OFFICE_LEADER, NULL));
  dispatch_request(engine, "第四件", UNIT, id);
  jsb_free(run_ok(engine, "withdraw", id, OFFICER, "{\"text\":\"企业撤回\"}"));
  CHECK_STR("PW2026000004", id);
}

static void check_queries(jsb_engine *engine) {
  check_query(engine, "{\"state\":\"dispatched\"}", "[\"PW2026000001\",\"PW2026000003\"]", __LINE__);
  check_query(engine, "{\"state\":\"registered\"}", "[\"PW2026000002\"]", __LINE__);
  check_query(engine, "{\"state\":\"archived\"}", "[\"PW2026000004\"]", __LINE__);
  check_query(engine, "{\"state\":\"closed\"}", "[]", __LINE__);
  check_query(engine, "{\"unit\":\"" UNIT "\"}", "[\"PW2026000001\",\"PW2026000004\"]", __LINE__);
  check_query(engine, "{\"unit\":\"" OTHER_UNIT "\"}", "[\"PW2026000003\"]", __LINE__);
  check_query(engine, "{\"unit\":\"没有的单位\"}", "[]", __LINE__);
  check_query(engine, "{\"open\":true}", "[\"PW2026000001\",\"PW2026000002\",\"PW2026000003\"]", __LINE__);

  /* A deadline exactly at "due_before" is included. */
  check_query(engine, "{\"due_before\":\"2026-03-03T17:00:00+08:00\"}", "[\"PW2026000001\",\"PW2026000002\"]",
              __LINE__);
  check_query(engine, "{\"due_before\":\"2026-03-03T16:59:59+08:00\"}", "[\"PW2026000002\"]", __LINE__);
  check_query(engine, "{\"due_before\":\"2026-03-02T09:09:59+08:00\"}", "[]", __LINE__);
  check_query(engine, "{\"due_before\":\"2026-12-31T00:00:00+08:00\"}",
              "[\"PW2026000001\",\"PW2026000002\",\"PW2026000003\"]", __LINE__);

  /* Intersections. */
  check_query(engine, "{\"state\":\"dispatched\",\"unit\":\"" UNIT "\"}", "[\"PW2026000001\"]", __LINE__);
  check_query(engine, "{\"open\":true,\"unit\":\"" UNIT "\"}", "[\"PW2026000001\"]", __LINE__);
  check_query(engine, "{\"state\":\"archived\",\"open\":true}", "[]", __LINE__);
  check_query(engine, "{\"due_before\":\"2026-12-31T00:00:00+08:00\",\"unit\":\"" OTHER_UNIT "\"}",
              "[\"PW2026000003\"]", __LINE__);
  check_query(engine,
              "{\"state\":\"dispatched\",\"unit\":\"" UNIT "\",\"due_before\":\"2026-03-04T00:00:00+08:00\","
              "\"open\":true}",
              "[\"PW2026000001\"]", __LINE__);

  /* Limits apply after the intersection, in ticket order. */
  check_query(engine, "{\"open\":true,\"limit\":2}", "[\"PW2026000001\",\"PW2026000002\"]", __LINE__);
  check_query(engine, "{\"open\":true,\"limit\":0}", "[]", __LINE__);
  check_query(engine, "{\"open\":true,\"limit\":100}", "[\"PW2026000001\",\"PW2026000002\",\"PW2026000003\"]",
              __LINE__);
  check_query(engine, "{\"state\":\"dispatched\",\"limit\":1}", "[\"PW2026000001\"]", __LINE__);
  check_query(engine, "{\"open\":true,\"state\":null,\"unit\":null}",
              "[\"PW2026000001\",\"PW2026000002\",\"PW2026000003\"]", __LINE__);
}

#define PERIOD "\"from\":\"2026-03-01T00:00:00+08:00\",\"to\":\"2026-04-01T00:00:00+08:00\""

static char *report(jsb_engine *engine, const char *options) {
  char *text = NULL;
  check_rc_at(JSB_OK, jsb_engine_report(engine, options, &text), options, __FILE__, __LINE__);
  return text;
}

static void check_reports(jsb_engine *engine) {
  char *json;
  char *defaulted;
  char *text;

  /* At Tue Mar 3 10:00 the registered ticket is overdue for dispatch. */
  json = report(engine, "{" PERIOD ",\"as_of\":\"2026-03-03T10:00:00+08:00\"}");
  CHECK(json != NULL);
  if (json != NULL) {
    CHECK(json[0] == '{');
  }
  CHECK_CONTAINS(json, "\"totals\": {\n    \"received\": 4,");
  CHECK_CONTAINS(json, "PW2026000002");
  CHECK_NOT_CONTAINS(json, "PW2026000001");
  CHECK_NOT_CONTAINS(json, "张三丰");
  CHECK_NOT_CONTAINS(json, "13812345678");
  /* "as_of" defaults to the engine clock. */
  set_now(engine, "2026-03-03T10:00:00+08:00");
  defaulted = report(engine, "{" PERIOD ",\"format\":\"json\"}");
  CHECK_STR(json, defaulted);
  jsb_free(defaulted);
  jsb_free(json);

  text = report(engine, "{" PERIOD ",\"format\":\"text\",\"language\":\"en\"}");
  CHECK_CONTAINS(text, "PW2026000002");
  CHECK_CONTAINS(text, "Received");
  CHECK_NOT_CONTAINS(text, "来件");
  jsb_free(text);
  text = report(engine, "{" PERIOD ",\"format\":\"text\",\"language\":\"zh\"}");
  CHECK_CONTAINS(text, "来件");
  CHECK_CONTAINS(text, UNIT);
  jsb_free(text);

  text = report(engine, "{" PERIOD ",\"format\":\"csv\",\"language\":\"en\"}");
  CHECK_CONTAINS(text, ",");
  CHECK_CONTAINS(text, "\n");
  CHECK_CONTAINS(text, "PW2026000002");
  CHECK_CONTAINS(text, OTHER_UNIT);
  jsb_free(text);

  text = report(engine, "{" PERIOD ",\"format\":\"html\",\"language\":\"zh\"}");
  CHECK_CONTAINS(text, "<html");
  CHECK_CONTAINS(text, "lang=\"zh");
  CHECK_CONTAINS(text, "PW2026000002");
  CHECK_CONTAINS(text, "</html>");
  jsb_free(text);

  /* Without "language" the report takes the handle's language. */
  CHECK_RC(JSB_OK, jsb_engine_set_language(engine, JSB_LANG_ZH));
  text = report(engine, "{" PERIOD ",\"format\":\"text\"}");
  CHECK_CONTAINS(text, "来件");
  jsb_free(text);
  CHECK_RC(JSB_OK, jsb_engine_set_language(engine, JSB_LANG_EN));
  text = report(engine, "{" PERIOD ",\"format\":\"text\"}");
  CHECK_CONTAINS(text, "Received");
  jsb_free(text);

  /* A period without tickets. */
  json = report(engine, "{\"from\":\"2025-03-01T00:00:00+08:00\",\"to\":\"2025-04-01T00:00:00+08:00\"}");
  CHECK_CONTAINS(json, "\"totals\": {\n    \"received\": 0,");
  jsb_free(json);
}

void test_query_report(void) {
  char scratch[4096];
  char database[4200];
  jsb_engine *engine;

  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "query.db");
  engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"normal\"");
  make_tickets(engine);

  step("query");
  check_queries(engine);

  step("report");
  check_reports(engine);

  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  scratch_remove(scratch);
}
