/* jsb_engine_replay on command streams that the test writes. A clean
 * stream with idempotency keys is applied once and then repeated. A stream
 * with bad lines is applied with the bad lines reported, in the handle's
 * language, and skipped. Strict mode stops at the first bad line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

/* R1, an e-mail general request, is drafted and dispatched on Mon
 * 2026-03-02; R2, a hotline request, is never drafted. */
static const char clean_stream[] =
    "{\"at\":\"2026-03-02T09:00:00+08:00\",\"key\":\"k1\",\"ref\":\"R1\",\"command\":{\"type\":\"register_request\","
    "\"actor\":" OFFICER ",\"payload\":{\"channel\":\"email\",\"requester\":{\"name\":\"李四\","
    "\"email\":\"li@example.com\"},\"content\":\"重放的诉求\"}}}\n"
    "{\"at\":\"2026-03-02T09:10:00+08:00\",\"key\":\"k2\",\"ref\":\"R1\",\"command\":{\"type\":\"draft\","
    "\"actor\":" OFFICER ",\"payload\":{\"category\":\"general\",\"lead_unit\":\"" UNIT "\"}}}\n"
    "{\"at\":\"2026-03-02T09:20:00+08:00\",\"key\":\"k3\",\"ref\":\"R1\",\"command\":{\"type\":\"approve_dispatch\","
    "\"actor\":" OFFICE_LEADER "}}\n"
    "\n"
    "{\"at\":\"2026-03-02T10:00:00+08:00\",\"key\":\"k4\",\"ref\":\"R2\",\"command\":{\"type\":\"register_request\","
    "\"actor\":" OFFICER ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"王五\"},"
    "\"content\":\"第二件\"}}}\n";

/* Lines 2 to 5 are bad: not JSON, an unknown ref, back in time, and a
 * command the ticket's state does not take. */
static const char bad_stream[] =
    "{\"at\":\"2026-03-06T09:00:00+08:00\",\"key\":\"k5\",\"ref\":\"R3\",\"command\":{\"type\":\"register_request\","
    "\"actor\":" OFFICER ",\"payload\":{\"channel\":\"wechat\",\"requester\":{\"name\":\"赵六\"},"
    "\"content\":\"第三件\"}}}\n"
    "{\"at\":\n"
    "{\"at\":\"2026-03-06T09:10:00+08:00\",\"ref\":\"R9\",\"command\":{\"type\":\"urge\",\"actor\":" OFFICER "}}\n"
    "{\"at\":\"2026-03-06T08:00:00+08:00\",\"ref\":\"R3\",\"command\":{\"type\":\"urge\",\"actor\":" OFFICER "}}\n"
    "{\"at\":\"2026-03-06T09:20:00+08:00\",\"ref\":\"R3\",\"command\":{\"type\":\"archive\",\"actor\":" OFFICER "}}\n"
    "{\"at\":\"2026-03-06T09:30:00+08:00\",\"key\":\"k6\",\"ref\":\"R3\",\"command\":{\"type\":\"draft\","
    "\"actor\":" OFFICER ",\"payload\":{\"category\":\"difficult\",\"lead_unit\":\"" UNIT "\"}}}\n";

static const char strict_stream[] =
    "{\"at\":\"2026-03-09T09:00:00+08:00\",\"command\":{\"type\":\"register_request\",\"actor\":" OFFICER
    ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"钱七\"},\"content\":\"第四件\"}}}\n"
    "not json\n"
    "{\"at\":\"2026-03-09T09:10:00+08:00\",\"command\":{\"type\":\"register_request\",\"actor\":" OFFICER
    ",\"payload\":{\"channel\":\"hotline\",\"requester\":{\"name\":\"孙八\"},\"content\":\"第五件\"}}}\n";

static char *replay(jsb_engine *engine, const char *path, const char *options) {
  char *result = NULL;
  CHECK_RC(JSB_OK, jsb_engine_replay(engine, path, options, &result));
  return result;
}

void test_replay(void) {
  char scratch[4096];
  char database[4200];
  char path[4200];
  char *result;
  char *open_tickets = NULL;
  int64_t now = 0;
  jsb_engine *engine;

  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "replay.db");
  engine = open_manual_engine(database, "2026-03-01T00:00:00+08:00", ",\"synchronous\":\"off\"");

  step("a clean stream");
  path_join(path, sizeof path, scratch, "clean.jsonl");
  write_file(path, clean_stream);
  /* Polling up to Thu Mar 5 records R2's dispatch warning and breach and
   * R1's handling warning (Wed 10:35) and breach (Wed 17:00). */
  result = replay(engine, path, "{\"until\":\"2026-03-05T00:00:00+08:00\"}");
  CHECK_CONTAINS(result, "\"lines\":5,\"applied\":4,\"repeated\":0,\"bad\":0,\"registered\":2,\"sla_events\":4");
  CHECK_CONTAINS(result, "\"stopped\":false,\"bad_lines\":[]");
  jsb_free(result);
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK_I64(instant_of("2026-03-05T00:00:00+08:00"), now);
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"state\":\"dispatched\",\"unit\":\"" UNIT "\"}", &open_tickets));
  CHECK_STR("[\"PW2026000001\"]", open_tickets);
  jsb_free(open_tickets);

  step("a directory or a device is rejected");
  {
    char *not_a_file = untouched;
    CHECK_RC(JSB_IO_ERROR, jsb_engine_replay(engine, scratch, NULL, &not_a_file));
    CHECK(not_a_file == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "is a directory");
    CHECK_RC(JSB_INVALID_ARGUMENT, jsb_engine_replay(engine, "/dev/zero", NULL, &not_a_file));
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "is a device");
  }

  step("the same stream again applies nothing");
  result = replay(engine, path, NULL);
  CHECK_CONTAINS(result, "\"applied\":0,\"repeated\":4,\"bad\":0,\"registered\":0");
  jsb_free(result);
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"open\":true}", &open_tickets));
  CHECK_STR("[\"PW2026000001\",\"PW2026000002\"]", open_tickets);
  jsb_free(open_tickets);

  step("bad lines are reported and skipped");
  path_join(path, sizeof path, scratch, "bad.jsonl");
  write_file(path, bad_stream);
  result = replay(engine, path, "{\"strict\":false}");
  CHECK_CONTAINS(result, "\"lines\":6,\"applied\":2,\"repeated\":0,\"bad\":4,\"registered\":1");
  CHECK_CONTAINS(result, "{\"line\":2,\"code\":2,");
  CHECK_CONTAINS(result, "{\"line\":3,\"code\":");
  CHECK_CONTAINS(result, "R9");
  CHECK_CONTAINS(result, "{\"line\":4,\"code\":");
  CHECK_CONTAINS(result, "{\"line\":5,\"code\":9,");
  CHECK(json_member_array_length(result, "bad_lines") == 4);
  jsb_free(result);
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"state\":\"awaiting_office_approval\"}", &open_tickets));
  CHECK_STR("[\"PW2026000003\"]", open_tickets);
  jsb_free(open_tickets);

  step("messages of bad lines in Chinese");
  CHECK_RC(JSB_OK, jsb_engine_set_language(engine, JSB_LANG_ZH));
  result = replay(engine, path, NULL);
  CHECK_CONTAINS(result, "\"repeated\":2,\"bad\":4");
  CHECK_CONTAINS(result, "R9");
  CHECK_CONTAINS(result, "工单");
  jsb_free(result);
  CHECK_RC(JSB_OK, jsb_engine_set_language(engine, JSB_LANG_EN));

  step("strict stops at the first bad line");
  path_join(path, sizeof path, scratch, "strict.jsonl");
  write_file(path, strict_stream);
  result = replay(engine, path, "{\"strict\":true}");
  CHECK_CONTAINS(result, "\"applied\":1,\"repeated\":0,\"bad\":1,\"registered\":1");
  CHECK_CONTAINS(result, "\"stopped\":true");
  CHECK_CONTAINS(result, "{\"line\":2,\"code\":2,");
  jsb_free(result);
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"state\":\"registered\"}", &open_tickets));
  CHECK_STR("[\"PW2026000002\",\"PW2026000004\"]", open_tickets);
  jsb_free(open_tickets);

  step("an empty stream");
  path_join(path, sizeof path, scratch, "empty.jsonl");
  write_file(path, "");
  result = replay(engine, path, "{}");
  CHECK_CONTAINS(result, "\"lines\":0,\"applied\":0");
  jsb_free(result);

  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  scratch_remove(scratch);
}
