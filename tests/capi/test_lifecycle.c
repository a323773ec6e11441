/* A consultation request from the hotline call to the archive on an SQLite
 * file with a manual clock, as in examples/cpp/workflow_lifecycle.cpp:
 * register, draft, approve, claim, reply, report the result, accept it,
 * return visit, archive. Along the way: Chinese text byte for byte, masked
 * and unmasked views, the commands each actor may give, the history, and
 * polling around the warning and the breach of a dispatch clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

/* The request and the reply, with a quote, a line break, a 4-byte
 * character and the JSON escapes the library writes back unchanged. */
#define CONTENT "变更注册地址需要哪些材料？\\\"急\\\"\\n第二行：𠀀😀"
#define REPLY "请携带新的租赁合同和章程修正案到12号窗口办理。"
#define RESULT "已电话答复并书面告知。"

#define UNMASKED_REQUESTER                                                                           \
  "\"requester\":{\"name\":\"张三丰\",\"company\":\"大连普湾建设有限公司\","                        \
  "\"address\":\"大连市金州区金石滩街道黄金路8号\",\"phone\":\"13812345678\",\"email\":\"pw123@163.com\"}"

static char *run_at(jsb_engine *engine, const char *now, const char *type, const char *ticket, const char *actor,
                    const char *payload, const char *expected_state) {
  char state[64];
  char *json;
  set_now(engine, now);
  json = run_ok(engine, type, ticket, actor, payload);
  CHECK(json_string(json, "state", state, sizeof state));
  CHECK_STR(expected_state, state);
  return json;
}

static void check_wakeup(jsb_engine *engine, int expected_has, const char *expected_instant) {
  int64_t instant = -1;
  int has = -1;
  CHECK_RC(JSB_OK, jsb_engine_next_wakeup(engine, &instant, &has));
  CHECK(has == expected_has);
  CHECK_I64(expected_has ? instant_of(expected_instant) : 0, instant);
}

static void check_available(jsb_engine *engine, const char *id, const char *actor, const char *expected) {
  char *commands = NULL;
  CHECK_RC(JSB_OK, jsb_engine_available_commands(engine, id, actor, &commands));
  CHECK_STR(expected, commands);
  jsb_free(commands);
}

static void check_views(jsb_engine *engine, const char *id) {
  char *ticket = NULL;
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, HANDLER, &ticket));
  CHECK_CONTAINS(ticket, UNMASKED_REQUESTER);
  jsb_free(ticket);
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, UNIT_LEADER, &ticket));
  CHECK_CONTAINS(ticket, UNMASKED_REQUESTER);
  jsb_free(ticket);
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OTHER_HANDLER, &ticket));
  CHECK_CONTAINS(ticket, MASKED_REQUESTER);
  CHECK_CONTAINS(ticket, "\"content\":\"" CONTENT "\"");
  jsb_free(ticket);
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, VIEWER, &ticket));
  CHECK_CONTAINS(ticket, MASKED_REQUESTER);
  jsb_free(ticket);
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, "{\"id\":\"\",\"role\":\"service_officer\"}", &ticket));
  CHECK_CONTAINS(ticket, MASKED_REQUESTER);
  jsb_free(ticket);
}

/* Runs the consultation and returns its ticket number in `id`. */
static void run_consultation(jsb_engine *engine, char *id) {
  char *ticket;
  char *events;

  step("register");
  set_now(engine, "2026-03-02T09:55:00+08:00");
  ticket = run_ok(engine, "register_request", NULL, OFFICER,
                  "{\"channel\":\"hotline\",\"requester\":" REQUESTER ",\"content\":\"" CONTENT "\"}");
  CHECK(json_string(ticket, "id", id, 32));
  CHECK_STR("PW2026000001", id);
  CHECK_CONTAINS(ticket, "\"content\":\"" CONTENT "\"");
  CHECK_CONTAINS(ticket, UNMASKED_REQUESTER);
  CHECK_CONTAINS(ticket, "\"state\":\"registered\"");
  /* 10 working minutes for the hotline; the warning at 75 % of them. */
  CHECK_CONTAINS(ticket, "\"due\":\"2026-03-02T10:05:00+08:00\",\"warning_at\":\"2026-03-02T10:02:30+08:00\"");
  jsb_free(ticket);
  check_wakeup(engine, 1, "2026-03-02T10:02:30+08:00");
  check_available(engine, id, OFFICER, "[\"draft\",\"withdraw\",\"merge_duplicate\"]");
  check_available(engine, id, HANDLER, "[]");

  step("draft and approve");
  jsb_free(run_at(engine, "2026-03-02T09:58:00+08:00", "draft", id, OFFICER,
                  "{\"category\":\"consultation\",\"lead_unit\":\"" UNIT "\",\"proposed_handling\":\"请答复企业\"}",
                  "awaiting_office_approval"));
  ticket = run_at(engine, "2026-03-02T10:00:00+08:00", "approve_dispatch", id, OFFICE_LEADER,
                  "{\"text\":\"同意\"}", "dispatched");
  /* A consultation is due at the close of the next working day. */
  CHECK_CONTAINS(ticket, "\"handling_clock\":{\"kind\":\"handling\"");
  CHECK_CONTAINS(ticket, "\"due\":\"2026-03-03T17:00:00+08:00\"");
  CHECK_CONTAINS(ticket, "\"stopped_at\":\"2026-03-02T10:00:00+08:00\"");
  jsb_free(ticket);
  /* 810 working minutes up to the due instant; 75 % of them end Mar 3 13:37:30. */
  check_wakeup(engine, 1, "2026-03-03T13:37:30+08:00");
  events = NULL;
  CHECK_RC(JSB_OK, jsb_engine_poll(engine, &events));
  CHECK_STR("[]", events);
  jsb_free(events);
  check_available(engine, id, UNIT_LEADER, "[\"claim\",\"return_to_office\",\"decline_after_dispatch\"]");

  step("claim");
  jsb_free(run_at(engine, "2026-03-02T10:20:00+08:00", "claim", id, UNIT_LEADER,
                  "{\"handler_id\":\"h01\",\"handler_name\":\"孙敏\"}", "in_progress"));
  check_available(engine, id, HANDLER, "[\"record_first_contact\",\"answer_consultation\",\"request_suspension\"]");
  check_views(engine, id);

  step("reply");
  ticket = run_at(engine, "2026-03-02T14:30:00+08:00", "answer_consultation", id, HANDLER,
                  "{\"text\":\"" REPLY "\"}", "replied");
  CHECK_CONTAINS(ticket, "\"reply\":\"" REPLY "\",\"replied_at\":\"2026-03-02T14:30:00+08:00\"");
  jsb_free(ticket);
  check_wakeup(engine, 0, NULL);

  step("result, review and return visit");
  ticket = run_at(engine, "2026-03-02T15:00:00+08:00", "report_result", id, HANDLER,
                  "{\"result\":{\"result\":\"" RESULT "\"}}", "result_reported");
  CHECK_CONTAINS(ticket, "\"result\":\"" RESULT "\"");
  jsb_free(ticket);
  jsb_free(run_at(engine, "2026-03-02T16:00:00+08:00", "accept_result", id, REVIEWER, NULL,
                  "awaiting_return_visit"));
  ticket = run_at(engine, "2026-03-03T10:00:00+08:00", "return_visit", id, OFFICER,
                  "{\"satisfaction\":\"satisfied\",\"text\":\"企业表示满意\"}", "closed");
  CHECK_CONTAINS(ticket, "\"closure\":\"satisfied\"");
  jsb_free(ticket);

  step("archive");
  ticket = run_at(engine, "2026-03-03T10:05:00+08:00", "archive", id, OFFICER, NULL, "archived");
  CHECK_CONTAINS(ticket, ",\"version\":9,");
  jsb_free(ticket);
  check_available(engine, id, OFFICER, "[]");
  run_fails(engine, JSB_INVALID_TRANSITION, "urge", id, OFFICER, NULL, NULL);

  step("history");
  events = NULL;
  CHECK_RC(JSB_OK, jsb_engine_history(engine, id, OFFICER, &events));
  CHECK(json_array_length(events) == 9);
  CHECK_CONTAINS(events, "\"sequence\":1,\"type\":\"register_request\"");
  CHECK_CONTAINS(events, "\"sequence\":4,\"type\":\"claim\"");
  CHECK_CONTAINS(events, "\"sequence\":9,\"type\":\"archive\"");
  CHECK_CONTAINS(events, UNMASKED_REQUESTER);
  CHECK_CONTAINS(events, "\"content\":\"" CONTENT "\"");
  jsb_free(events);
  CHECK_RC(JSB_OK, jsb_engine_history(engine, id, VIEWER, &events));
  CHECK(json_array_length(events) == 9);
  CHECK_CONTAINS(events, MASKED_REQUESTER);
  CHECK_NOT_CONTAINS(events, "13812345678");
  jsb_free(events);
}

/* A hotline request that is never drafted: its dispatch clock warns at
 * 10:17:30 and breaches at 10:20. A dispatch clock never escalates. */
static void run_overdue_request(jsb_engine *engine, char *id) {
  char *events = NULL;
  char *ticket = NULL;

  set_now(engine, "2026-03-03T10:10:00+08:00");
  register_request(engine, "无人处理的诉求", id);
  CHECK_STR("PW2026000002", id);
  check_wakeup(engine, 1, "2026-03-03T10:17:30+08:00");

  set_now(engine, "2026-03-03T10:15:00+08:00");
  CHECK_RC(JSB_OK, jsb_engine_poll(engine, &events));
  CHECK_STR("[]", events);
  jsb_free(events);

  set_now(engine, "2026-03-03T10:18:00+08:00");
  CHECK_RC(JSB_OK, jsb_engine_poll(engine, &events));
  CHECK(json_array_length(events) == 1);
  CHECK_CONTAINS(events, "\"ticket_id\":\"PW2026000002\",\"sequence\":2,\"type\":\"sla_warning\","
                         "\"at\":\"2026-03-03T10:17:30+08:00\"");
  jsb_free(events);
  check_wakeup(engine, 1, "2026-03-03T10:20:00+08:00");
  /* Polling again records nothing twice. */
  CHECK_RC(JSB_OK, jsb_engine_poll(engine, &events));
  CHECK_STR("[]", events);
  jsb_free(events);

  set_now(engine, "2026-03-03T10:25:00+08:00");
  CHECK_RC(JSB_OK, jsb_engine_poll(engine, &events));
  CHECK(json_array_length(events) == 1);
  CHECK_CONTAINS(events, "\"sequence\":3,\"type\":\"sla_breach\",\"at\":\"2026-03-03T10:20:00+08:00\"");
  CHECK_CONTAINS(events, "\"role\":\"office_supervisor\"");
  jsb_free(events);
  check_wakeup(engine, 0, NULL);

  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
  CHECK_CONTAINS(ticket, "\"warned\":true,\"breached\":true,\"escalated\":false");
  jsb_free(ticket);
}

void test_lifecycle(void) {
  char scratch[4096];
  char database[4200];
  char consultation[32];
  char overdue[32];
  char *archived_view = NULL;
  char *reopened_view = NULL;
  size_t undelivered = 0;
  jsb_engine *engine;

  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "lifecycle.db");
  /* The default options but the clock: synchronous "full". */
  engine = open_manual_engine(database, "2026-03-02T09:55:00+08:00", "");

  run_consultation(engine, consultation);

  step("poll around a warning and a breach");
  run_overdue_request(engine, overdue);

  step("notifications wait in the outbox");
  /* dispatched, reply_to_requester and return_visit_due of the
   * consultation, and the warning and the breach of the other request. */
  CHECK_RC(JSB_OK, jsb_engine_undelivered(engine, &undelivered));
  CHECK(undelivered == 5);

  step("reopen");
  CHECK_RC(JSB_OK, jsb_engine_view(engine, consultation, OFFICER, &archived_view));
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  engine = open_manual_engine(database, "2026-03-04T09:00:00+08:00", ",\"create\":false");
  CHECK_RC(JSB_OK, jsb_engine_view(engine, consultation, OFFICER, &reopened_view));
  CHECK_STR(archived_view, reopened_view);
  CHECK_RC(JSB_OK, jsb_engine_undelivered(engine, &undelivered));
  CHECK(undelivered == 5);
  check_wakeup(engine, 0, NULL);
  jsb_free(archived_view);
  jsb_free(reopened_view);

  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  scratch_remove(scratch);
}
