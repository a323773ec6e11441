/* Engine helpers shared by the engine test groups (see engine_support.h). */
#include "engine_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

jsb_engine *open_manual_engine(const char *path, const char *now, const char *extra_options) {
  jsb_engine *engine = NULL;
  char *options = text_format("{\"clock\":\"manual\",\"now\":\"%s\"%s}", now, extra_options);
  if (jsb_engine_open(path, NULL, options, &engine) != JSB_OK) {
    fprintf(stderr, "cannot open the engine on %s with %s: %s\n", path, options, jsb_last_errmsg());
    abort();
  }
  free(options);
  return engine;
}

void set_now(jsb_engine *engine, const char *now) { CHECK_RC(JSB_OK, jsb_engine_set_now(engine, instant_of(now))); }

char *command_text(const char *type, const char *ticket, const char *actor, const char *payload, const char *extra) {
  char *ticket_member = ticket ? text_format(",\"ticket\":\"%s\"", ticket) : text_format("%s", "");
  char *payload_member = payload ? text_format(",\"payload\":%s", payload) : text_format("%s", "");
  char *text = text_format("{\"type\":\"%s\"%s,\"actor\":%s%s%s}", type, ticket_member, actor, payload_member,
                           extra ? extra : "");
  free(ticket_member);
  free(payload_member);
  return text;
}

char *run_ok_at(jsb_engine *engine, const char *type, const char *ticket, const char *actor, const char *payload,
                const char *extra, const char *file, int line) {
  char *command = command_text(type, ticket, actor, payload, extra);
  char *ticket_json = NULL;
  const int rc = jsb_engine_execute(engine, command, &ticket_json);
  check_rc_at(JSB_OK, rc, command, file, line);
  check_true_at(rc != JSB_OK || ticket_json != NULL, "the ticket JSON is set", file, line);
  free(command);
  return ticket_json;
}

void run_fails_at(jsb_engine *engine, int code, const char *type, const char *ticket, const char *actor,
                  const char *payload, const char *extra, const char *file, int line) {
  char *command = command_text(type, ticket, actor, payload, extra);
  char *ticket_json = untouched;
  check_rc_at(code, jsb_engine_execute(engine, command, &ticket_json), command, file, line);
  check_true_at(ticket_json == NULL, "the ticket JSON stays NULL", file, line);
  check_true_at(jsb_engine_errmsg(engine)[0] != '\0', "the engine has a message", file, line);
  if (ticket_json != NULL && ticket_json != untouched) {
    jsb_free(ticket_json);
  }
  free(command);
}

void register_request(jsb_engine *engine, const char *content, char *id) {
  char *payload = text_format("{\"channel\":\"hotline\",\"requester\":%s,\"content\":\"%s\"}", REQUESTER, content);
  char *ticket = run_ok(engine, "register_request", NULL, OFFICER, payload);
  CHECK(json_string(ticket, "id", id, 32));
  jsb_free(ticket);
  free(payload);
}

void dispatch_request(jsb_engine *engine, const char *content, const char *unit, char *id) {
  char *draft = text_format("{\"category\":\"consultation\",\"lead_unit\":\"%s\"}", unit);
  register_request(engine, content, id);
  jsb_free(run_ok(engine, "draft", id, OFFICER, draft));
  jsb_free(run_ok(engine, "approve_dispatch", id, OFFICE_LEADER, NULL));
  free(draft);
}

void ticket_state(jsb_engine *engine, const char *id, char *state, size_t size) {
  char *ticket = NULL;
  state[0] = '\0';
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
  CHECK(json_string(ticket, "state", state, size));
  jsb_free(ticket);
}

int64_t ticket_version(jsb_engine *engine, const char *id) {
  char *ticket = NULL;
  int64_t version;
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
  /* "version" is the ticket's last-but-one member, after every nested one. */
  version = json_integer(ticket ? strstr(ticket, ",\"version\":") : NULL, "version", -1);
  jsb_free(ticket);
  return version;
}
