/* Actors, command JSON and engine helpers shared by the engine test
 * groups. */
#ifndef JISHIBAN_TESTS_CAPI_ENGINE_SUPPORT_H
#define JISHIBAN_TESTS_CAPI_ENGINE_SUPPORT_H

#include "check.h"

/* The lead unit of most tickets, and another unit. */
#define UNIT "投资促进局"
#define OTHER_UNIT "区税务局"

/* Actors in the JSON form of jsb_engine_view and of a command's "actor". */
#define OFFICER "{\"id\":\"s01\",\"name\":\"王芳\",\"role\":\"service_officer\"}"
#define OFFICE_LEADER "{\"id\":\"l01\",\"name\":\"李主任\",\"role\":\"office_leader\"}"
#define SUPERVISOR "{\"id\":\"d01\",\"role\":\"office_supervisor\"}"
#define UNIT_LEADER "{\"id\":\"u01\",\"name\":\"赵局长\",\"role\":\"unit_leader\",\"unit\":\"" UNIT "\"}"
#define OTHER_UNIT_LEADER "{\"id\":\"u02\",\"role\":\"unit_leader\",\"unit\":\"" OTHER_UNIT "\"}"
#define HANDLER "{\"id\":\"h01\",\"name\":\"孙敏\",\"role\":\"handler\",\"unit\":\"" UNIT "\"}"
#define OTHER_HANDLER "{\"id\":\"h02\",\"role\":\"handler\",\"unit\":\"" UNIT "\"}"
#define REVIEWER "{\"id\":\"r01\",\"name\":\"钱审核\",\"role\":\"reviewer\"}"
#define VIEWER "{\"id\":\"v01\",\"role\":\"report_viewer\"}"

/* The requester of every registration, and its masked form
 * (docs/workflow.md, Confidentiality). */
#define REQUESTER                                                                                          \
  "{\"name\":\"张三丰\",\"company\":\"大连普湾建设有限公司\",\"address\":\"大连市金州区金石滩街道黄金路8号\"," \
  "\"phone\":\"13812345678\",\"email\":\"pw123@163.com\"}"
#define MASKED_REQUESTER                                                                                          \
  "\"requester\":{\"name\":\"张**\",\"company\":\"大连****有限公司\",\"address\":\"大连市金州区****\"," \
  "\"phone\":\"138****5678\",\"email\":\"p***@163.com\"}"

/* Opens an engine on `path` with a manual clock at `now` (RFC 3339) and
 * the given extra option members (such as ",\"synchronous\":\"off\"", or
 * ""); aborts when that fails. */
jsb_engine *open_manual_engine(const char *path, const char *now, const char *extra_options);

/* Moves the manual clock to `now` (RFC 3339). */
void set_now(jsb_engine *engine, const char *now);

/* A command as JSON. `ticket` and `payload` may be NULL; `extra` contains
 * further members with a leading comma, or NULL. Free with free(). */
char *command_text(const char *type, const char *ticket, const char *actor, const char *payload, const char *extra);

/* Runs a command that must succeed and returns the ticket JSON (free with
 * jsb_free), or NULL after a failed check. */
char *run_ok_at(jsb_engine *engine, const char *type, const char *ticket, const char *actor, const char *payload,
                const char *extra, const char *file, int line);
#define run_ok(engine, type, ticket, actor, payload) \
  run_ok_at((engine), (type), (ticket), (actor), (payload), NULL, __FILE__, __LINE__)

/* Runs a command that must fail with `code`, checks that the out-pointer
 * stays NULL and that the handle's message is not empty. */
void run_fails_at(jsb_engine *engine, int code, const char *type, const char *ticket, const char *actor,
                  const char *payload, const char *extra, const char *file, int line);
#define run_fails(engine, code, type, ticket, actor, payload, extra) \
  run_fails_at((engine), (code), (type), (ticket), (actor), (payload), (extra), __FILE__, __LINE__)

/* Registers a hotline request with `content` and writes its ticket number
 * to `id` (at least 32 bytes). */
void register_request(jsb_engine *engine, const char *content, char *id);

/* Registers, drafts to `unit` as a consultation and approves dispatch: the
 * ticket ends in state dispatched. */
void dispatch_request(jsb_engine *engine, const char *content, const char *unit, char *id);

/* The state of ticket `id` as the officer sees it, into `state`. */
void ticket_state(jsb_engine *engine, const char *id, char *state, size_t size);

/* The ticket's version as the officer sees it. */
int64_t ticket_version(jsb_engine *engine, const char *id);

#endif /* JISHIBAN_TESTS_CAPI_ENGINE_SUPPORT_H */
