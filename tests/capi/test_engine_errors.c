/* Error paths of the engine functions. Each function is called with NULL
 * handles, out-pointers and strings, and each one that takes JSON with
 * syntax errors, wrong types and unknown members. Commands also meet
 * unknown tickets, wrong states, forbidden actors, conflicts and text that
 * is not UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

/* "中文" in GBK: not valid UTF-8. */
#define GBK_TEXT "\xD6\xD0\xCE\xC4"

static int count_calls(void *user_data, const char *notification_json) {
  (void)notification_json;
  ++*(int *)user_data;
  return 0;
}

static void check_null_arguments(jsb_engine *engine, const char *id) {
  char *out = untouched;
  int64_t instant = 0;
  int has = 0;
  size_t count = 0;
  int calls = 0;

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_execute(NULL, "{}", &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_execute(engine, "{}", NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_execute(engine, NULL, &out));
  CHECK(out == NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "command_json");

  out = untouched;
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_view(NULL, id, OFFICER, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_view(engine, id, OFFICER, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_view(engine, NULL, OFFICER, &out));
  CHECK(out == NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "ticket_id");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_view(engine, id, NULL, &out));
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "actor_json");

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_history(NULL, id, OFFICER, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_history(engine, id, OFFICER, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_history(engine, NULL, OFFICER, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_history(engine, id, NULL, &out));
  CHECK(out == NULL);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_available_commands(NULL, id, OFFICER, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_available_commands(engine, id, OFFICER, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_available_commands(engine, NULL, OFFICER, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_available_commands(engine, id, NULL, &out));
  CHECK(out == NULL);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_poll(NULL, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_poll(engine, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_next_wakeup(NULL, &instant, &has));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_next_wakeup(engine, NULL, &has));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_next_wakeup(engine, &instant, NULL));

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_query(NULL, "{\"open\":true}", &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_query(engine, "{\"open\":true}", NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_query(engine, NULL, &out));
  CHECK(out == NULL);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_report(NULL, "{}", &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_report(engine, "{}", NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_report(engine, NULL, &out));
  CHECK(out == NULL);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_replay(NULL, "stream.jsonl", NULL, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_replay(engine, "stream.jsonl", NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_replay(engine, NULL, NULL, &out));
  CHECK(out == NULL);

  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_deliver(NULL, count_calls, &calls, &count, &count));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_deliver(engine, NULL, &calls, &count, &count));
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "callback");
  CHECK(calls == 0);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_undelivered(NULL, &count));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_undelivered(engine, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_policy(engine, NULL));
}

/* Command JSON the parser rejects: every case is JSB_INVALID_DATA. */
static void check_malformed_commands(jsb_engine *engine, const char *id) {
  static const char *const cases[] = {
      /* syntax */
      "",
      "{",
      "{\"type\":\"urge\",}",
      "{\"type\":\"urge\" \"actor\":{}}",
      "[\"urge\"]",
      "\"urge\"",
      "{\"type\":\"urge\",\"actor\":{\"id\":\"s01\",\"role\":\"service_officer\"}}{}",
      /* wrong types */
      "{\"type\":1,\"actor\":" OFFICER "}",
      "{\"type\":\"urge\",\"ticket\":5,\"actor\":" OFFICER "}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":\"s01\"}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":{\"id\":1,\"role\":\"service_officer\"}}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"payload\":[]}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"comment\":7}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"expected_version\":\"3\"}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"expected_version\":2.5}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"idempotency_key\":false}",
      "{\"type\":\"request_extension\",\"ticket\":\"PW2026000001\",\"actor\":" UNIT_LEADER
      ",\"payload\":{\"days\":\"2\",\"text\":\"需要更多时间\"}}",
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"fax\",\"requester\":{\"name\":\"张三\"},\"content\":\"x\"}}",
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"hotline\",\"requester\":\"张三\",\"content\":\"x\"}}",
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"张三\"},\"content\":\"x\","
      "\"received_at\":\"yesterday\"}}",
      "{\"type\":\"return_visit\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER
      ",\"payload\":{\"satisfaction\":\"thrilled\"}}",
      /* unknown members */
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"colour\":\"red\"}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":{\"id\":\"s01\",\"role\":\"service_officer\","
      "\"age\":30}}",
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"hotline\",\"title\":\"标题\",\"requester\":{\"name\":\"张三\"},\"content\":\"x\"}}",
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"张三\",\"fax\":\"123\"},\"content\":\"x\"}}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER "}",
      /* missing or unknown type, actor or role */
      "{\"ticket\":\"PW2026000001\",\"actor\":" OFFICER "}",
      "{\"type\":\"fly\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER "}",
      "{\"type\":\"sla_warning\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER "}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\"}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":{\"id\":\"s01\"}}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":{\"id\":\"s01\",\"role\":\"mayor\"}}",
      /* text that is not UTF-8, in the request's content and elsewhere */
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"张三\"},\"content\":\"" GBK_TEXT "\"}}",
      "{\"type\":\"register_request\",\"actor\":" OFFICER
      ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"" GBK_TEXT "\"},\"content\":\"x\"}}",
      "{\"type\":\"urge\",\"ticket\":\"" GBK_TEXT "\",\"actor\":" OFFICER "}",
      "{\"type\":\"urge\",\"ticket\":\"PW2026000001\",\"actor\":" OFFICER ",\"comment\":\"" GBK_TEXT "\"}",
  };
  size_t i;
  int64_t version_before = ticket_version(engine, id);
  char *opened_before = NULL;
  char *opened_after = NULL;

  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"open\":true}", &opened_before));
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    char *out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_execute(engine, cases[i], &out), cases[i], __FILE__, __LINE__);
    CHECK(out == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "command_json");
  }
  /* Nothing was written. */
  CHECK_I64(version_before, ticket_version(engine, id));
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"open\":true}", &opened_after));
  CHECK_STR(opened_before, opened_after);
  jsb_free(opened_before);
  jsb_free(opened_after);
}

/* Actor JSON the view functions reject. */
static void check_malformed_actors(jsb_engine *engine, const char *id) {
  static const char *const cases[] = {
      "",
      "{",
      "[]",
      "{\"id\":1,\"role\":\"handler\",\"unit\":\"" UNIT "\"}",
      "{\"id\":\"h01\",\"role\":7}",
      "{\"id\":\"h01\",\"role\":\"handler\",\"unit\":\"" UNIT "\",\"age\":30}",
      "{\"id\":\"h01\",\"role\":\"mayor\"}",
      "{\"id\":\"h01\"}",
      "{\"id\":\"" GBK_TEXT "\",\"role\":\"service_officer\"}",
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    char *out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_view(engine, id, cases[i], &out), cases[i], __FILE__, __LINE__);
    CHECK(out == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "actor_json");
    out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_history(engine, id, cases[i], &out), cases[i], __FILE__, __LINE__);
    CHECK(out == NULL);
    out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_available_commands(engine, id, cases[i], &out), cases[i], __FILE__,
                __LINE__);
    CHECK(out == NULL);
  }
}

static void check_malformed_options(jsb_engine *engine, const char *scratch) {
  static const struct {
    const char *json;
    const char *message_part;
  } queries[] = {
      {"", "query"},
      {"{", "query"},
      {"[]", "query"},
      {"{}", "at least one"},
      {"{\"limit\":3}", "at least one"},
      {"{\"state\":\"flying\"}", "flying"},
      {"{\"state\":1}", "state"},
      {"{\"unit\":[\"" UNIT "\"]}", "unit"},
      {"{\"unit\":\"" GBK_TEXT "\"}", "query"},
      {"{\"due_before\":\"tomorrow\"}", "due_before"},
      {"{\"open\":false}", "open"},
      {"{\"open\":\"true\"}", "open"},
      {"{\"open\":true,\"limit\":\"3\"}", "limit"},
      {"{\"open\":true,\"limit\":1.5}", "limit"},
      {"{\"open\":true,\"colour\":\"red\"}", "colour"},
  };
  static const struct {
    const char *json;
    const char *message_part;
  } reports[] = {
      {"", "report options"},
      {"{", "report options"},
      {"{}", "from"},
      {"{\"from\":\"2026-03-01T00:00:00+08:00\"}", "to"},
      {"{\"from\":\"2026-04-01T00:00:00+08:00\",\"to\":\"2026-03-01T00:00:00+08:00\"}", "later"},
      {"{\"from\":\"March\",\"to\":\"2026-04-01T00:00:00+08:00\"}", "from"},
      {"{\"from\":1,\"to\":\"2026-04-01T00:00:00+08:00\"}", "from"},
      {"{\"from\":\"2026-03-01T00:00:00+08:00\",\"to\":\"2026-04-01T00:00:00+08:00\",\"format\":\"pdf\"}", "pdf"},
      {"{\"from\":\"2026-03-01T00:00:00+08:00\",\"to\":\"2026-04-01T00:00:00+08:00\",\"language\":\"fr\"}", "fr"},
      {"{\"from\":\"2026-03-01T00:00:00+08:00\",\"to\":\"2026-04-01T00:00:00+08:00\",\"as_of\":\"now\"}", "as_of"},
      {"{\"from\":\"2026-03-01T00:00:00+08:00\",\"to\":\"2026-04-01T00:00:00+08:00\",\"colour\":\"red\"}", "colour"},
  };
  static const struct {
    const char *json;
    const char *message_part;
  } replays[] = {
      {"", "replay options"},
      {"{", "replay options"},
      {"{\"strict\":\"yes\"}", "strict"},
      {"{\"until\":\"later\"}", "until"},
      {"{\"colour\":\"red\"}", "colour"},
  };
  char stream[4200];
  size_t i;

  for (i = 0; i < sizeof queries / sizeof queries[0]; ++i) {
    char *out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_query(engine, queries[i].json, &out), queries[i].json, __FILE__,
                __LINE__);
    CHECK(out == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), queries[i].message_part);
  }
  for (i = 0; i < sizeof reports / sizeof reports[0]; ++i) {
    char *out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_report(engine, reports[i].json, &out), reports[i].json, __FILE__,
                __LINE__);
    CHECK(out == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), reports[i].message_part);
  }

  /* The options are read before the stream, so the stream is never opened. */
  path_join(stream, sizeof stream, scratch, "stream.jsonl");
  write_file(stream, "");
  for (i = 0; i < sizeof replays / sizeof replays[0]; ++i) {
    char *out = untouched;
    check_rc_at(JSB_INVALID_DATA, jsb_engine_replay(engine, stream, replays[i].json, &out), replays[i].json,
                __FILE__, __LINE__);
    CHECK(out == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), replays[i].message_part);
  }
  {
    char missing[4200];
    char *out = untouched;
    path_join(missing, sizeof missing, scratch, "missing.jsonl");
    CHECK_RC(JSB_IO_ERROR, jsb_engine_replay(engine, missing, NULL, &out));
    CHECK(out == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "missing.jsonl");
    /* A folder opens but cannot be read. */
    out = untouched;
    CHECK_RC(JSB_IO_ERROR, jsb_engine_replay(engine, scratch, NULL, &out));
    CHECK(out == NULL);
  }
}

static void check_ticket_ids(jsb_engine *engine) {
  char *out = untouched;

  /* A number that is no ticket. */
  CHECK_RC(JSB_NOT_FOUND, jsb_engine_view(engine, "PW2026999999", OFFICER, &out));
  CHECK(out == NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "PW2026999999");
  CHECK_RC(JSB_NOT_FOUND, jsb_engine_history(engine, "PW2026999999", OFFICER, &out));
  CHECK_RC(JSB_NOT_FOUND, jsb_engine_available_commands(engine, "PW2026999999", OFFICER, &out));
  CHECK_RC(JSB_NOT_FOUND, jsb_engine_view(engine, "", OFFICER, &out));
  run_fails(engine, JSB_NOT_FOUND, "urge", "PW2026999999", OFFICER, NULL, NULL);
  run_fails(engine, JSB_NOT_FOUND, "claim", "PW2026999999", UNIT_LEADER, "{\"handler_id\":\"h01\"}", NULL);

  /* A ticket number that is not UTF-8 is a bad argument. */
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_view(engine, GBK_TEXT, OFFICER, &out));
  CHECK(out == NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "UTF-8");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_history(engine, GBK_TEXT, OFFICER, &out));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_available_commands(engine, GBK_TEXT, OFFICER, &out));
  CHECK(out == NULL);
}

static void check_refusals(jsb_engine *engine, const char *registered, const char *dispatched,
                           const char *other_dispatched) {
  int64_t version;
  char *ticket;

  step("wrong state");
  run_fails(engine, JSB_INVALID_TRANSITION, "archive", registered, OFFICER, NULL, NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "registered");
  run_fails(engine, JSB_INVALID_TRANSITION, "approve_dispatch", registered, OFFICE_LEADER, NULL, NULL);
  run_fails(engine, JSB_INVALID_TRANSITION, "draft", dispatched, OFFICER,
            "{\"category\":\"general\",\"lead_unit\":\"" UNIT "\"}", NULL);
  run_fails(engine, JSB_INVALID_TRANSITION, "accept_result", dispatched, REVIEWER, NULL, NULL);

  step("forbidden actor");
  run_fails(engine, JSB_FORBIDDEN, "draft", registered, HANDLER,
            "{\"category\":\"general\",\"lead_unit\":\"" UNIT "\"}", NULL);
  run_fails(engine, JSB_FORBIDDEN, "register_request", NULL, UNIT_LEADER,
            "{\"channel\":\"hotline\",\"requester\":{\"name\":\"张三\"},\"content\":\"x\"}", NULL);
  run_fails(engine, JSB_FORBIDDEN, "claim", dispatched, OTHER_UNIT_LEADER, "{\"handler_id\":\"h09\"}", NULL);
  run_fails(engine, JSB_FORBIDDEN, "urge", dispatched, "{\"id\":\"\",\"role\":\"service_officer\"}", NULL, NULL);
  run_fails(engine, JSB_FORBIDDEN, "claim", dispatched, "{\"id\":\"u09\",\"role\":\"unit_leader\"}",
            "{\"handler_id\":\"h09\"}", NULL);
  run_fails(engine, JSB_FORBIDDEN, "urge", dispatched, VIEWER, NULL, NULL);

  step("invalid payload");
  run_fails(engine, JSB_INVALID_ARGUMENT, "claim", dispatched, UNIT_LEADER, NULL, NULL);
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "handler_id");
  run_fails(engine, JSB_INVALID_ARGUMENT, "register_request", "PW2026000001", OFFICER,
            "{\"channel\":\"hotline\",\"requester\":{\"name\":\"张三\"},\"content\":\"x\"}", NULL);
  run_fails(engine, JSB_INVALID_ARGUMENT, "register_request", NULL, OFFICER,
            "{\"channel\":\"hotline\",\"requester\":{},\"content\":\"x\"}", NULL);

  step("conflicts");
  /* register_request, draft and approve_dispatch: version 3. */
  version = ticket_version(engine, dispatched);
  CHECK_I64(3, version);
  ticket = run_ok_at(engine, "urge", dispatched, OFFICER, NULL, ",\"expected_version\":3", __FILE__, __LINE__);
  jsb_free(ticket);
  run_fails(engine, JSB_CONFLICT, "urge", dispatched, OFFICER, NULL, ",\"expected_version\":3");
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "version 4");
  CHECK_I64(4, ticket_version(engine, dispatched));

  /* An idempotency key names one command on one ticket. */
  ticket = run_ok_at(engine, "urge", dispatched, OFFICER, NULL, ",\"idempotency_key\":\"call-8812\"", __FILE__,
                     __LINE__);
  jsb_free(ticket);
  CHECK_I64(5, ticket_version(engine, dispatched));
  ticket = run_ok_at(engine, "urge", dispatched, OFFICER, NULL, ",\"idempotency_key\":\"call-8812\"", __FILE__,
                     __LINE__);
  CHECK_CONTAINS(ticket, ",\"version\":5,");
  jsb_free(ticket);
  CHECK_I64(5, ticket_version(engine, dispatched));
  run_fails(engine, JSB_CONFLICT, "urge", other_dispatched, OFFICER, NULL, ",\"idempotency_key\":\"call-8812\"");
  CHECK_CONTAINS(jsb_engine_errmsg(engine), dispatched);
  CHECK_I64(3, ticket_version(engine, other_dispatched));
  run_fails(engine, JSB_CONFLICT, "register_request", NULL, OFFICER,
            "{\"channel\":\"hotline\",\"requester\":{\"name\":\"张三\"},\"content\":\"x\"}",
            ",\"idempotency_key\":\"call-8812\"");
  run_fails(engine, JSB_INVALID_ARGUMENT, "urge", dispatched, OFFICER, NULL, ",\"idempotency_key\":\"a\\u0001b\"");
}

void test_engine_errors(void) {
  char scratch[4096];
  char database[4200];
  char registered[32];
  char dispatched[32];
  char other_dispatched[32];
  jsb_engine *engine;

  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "errors.db");
  engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"off\"");
  register_request(engine, "已登记的诉求", registered);
  dispatch_request(engine, "已分拨的诉求", UNIT, dispatched);
  dispatch_request(engine, "另一件已分拨的诉求", UNIT, other_dispatched);

  step("NULL arguments");
  check_null_arguments(engine, registered);

  step("malformed commands");
  check_malformed_commands(engine, dispatched);

  step("malformed actors");
  check_malformed_actors(engine, registered);

  step("malformed options");
  check_malformed_options(engine, scratch);

  step("ticket numbers");
  check_ticket_ids(engine);

  check_refusals(engine, registered, dispatched, other_dispatched);

  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  scratch_remove(scratch);
}
