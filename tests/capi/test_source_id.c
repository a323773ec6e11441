/* The request's id in its channel's system ("source_id" of
 * register_request): a 64-bit integer that must come back exactly, in the
 * ticket of jsb_engine_execute and of jsb_engine_view after the database
 * was closed and opened again. Beyond 64 bits it is JSB_OUT_OF_RANGE and
 * nothing is written. 9007199254740993 is 2^53 + 1, the first integer a
 * double cannot hold, so a reader that goes through double fails here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

static char *register_with_source_id(jsb_engine *engine, const char *source_id, int expected_rc) {
  char *command = text_format("{\"type\":\"register_request\",\"actor\":" OFFICER ",\"payload\":{\"channel\":"
                              "\"hotline\",\"requester\":{\"name\":\"张三\"},\"content\":\"来电\",\"source_id\":%s}}",
                              source_id);
  char *ticket = untouched;
  const int rc = jsb_engine_execute(engine, command, &ticket);
  check_rc_at(expected_rc, rc, command, __FILE__, __LINE__);
  if (rc != expected_rc) {
    fprintf(stderr, "  source_id %s: register_request gave %s, expected %s: %s\n", source_id,
            jsb_result_name(rc), jsb_result_name(expected_rc), jsb_engine_errmsg(engine));
  }
  free(command);
  if (rc != JSB_OK) {
    CHECK(ticket == NULL);
    return NULL;
  }
  return ticket;
}

/* Registers with `source_id`, checks its text in the resulting ticket, and
 * writes the ticket number to `id`. */
static void check_round_trip(jsb_engine *engine, const char *source_id, char *id) {
  char *expected = text_format("\"source_id\":%s", source_id);
  char *ticket = register_with_source_id(engine, source_id, JSB_OK);
  id[0] = '\0';
  if (ticket != NULL) {
    json_string(ticket, "id", id, 32);
    CHECK_CONTAINS(ticket, expected);
  }
  jsb_free(ticket);
  free(expected);
}

static void check_view(jsb_engine *engine, const char *id, const char *source_id) {
  char *expected = text_format("\"source_id\":%s", source_id);
  char *ticket = NULL;
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
  CHECK_CONTAINS(ticket, expected);
  jsb_free(ticket);
  /* Not contact data: masked views keep it. */
  CHECK_RC(JSB_OK, jsb_engine_view(engine, id, VIEWER, &ticket));
  CHECK_CONTAINS(ticket, expected);
  jsb_free(ticket);
  free(expected);
}

void test_source_id(void) {
  static const char *const values[] = {"9007199254740993", "9223372036854775807", "-9223372036854775808", "0"};
  static const char *const out_of_range[] = {"9223372036854775808", "-9223372036854775809",
                                             "18446744073709551616", "100000000000000000000000000000"};
  static const char *const malformed[] = {"\"9007199254740993\"", "9007199254740993.0", "9.007199254740993e15",
                                          "true", "[1]"};
  char scratch[4096];
  char database[4200];
  char ids[4][32];
  char *open_before = NULL;
  char *open_after = NULL;
  char next_id[32];
  size_t i;
  jsb_engine *engine;

  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "source-id.db");
  engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", "");

  step("source_id: execute returns the exact integer");
  for (i = 0; i < sizeof values / sizeof values[0]; ++i) {
    check_round_trip(engine, values[i], ids[i]);
  }

  step("source_id: view after closing and reopening");
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  engine = open_manual_engine(database, "2026-03-02T09:30:00+08:00", ",\"create\":false");
  for (i = 0; i < sizeof values / sizeof values[0]; ++i) {
    if (ids[i][0] != '\0') {
      check_view(engine, ids[i], values[i]);
    }
  }
  if (ids[0][0] != '\0') {
    char *events = NULL;
    CHECK_RC(JSB_OK, jsb_engine_history(engine, ids[0], OFFICER, &events));
    CHECK_CONTAINS(events, "\"source_id\":9007199254740993");
    jsb_free(events);
  }

  step("source_id: beyond 64 bits is out of range and writes nothing");
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"open\":true}", &open_before));
  for (i = 0; i < sizeof out_of_range / sizeof out_of_range[0]; ++i) {
    char *ticket = register_with_source_id(engine, out_of_range[i], JSB_OUT_OF_RANGE);
    CHECK(ticket == NULL);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "source_id");
    jsb_free(ticket);
  }

  step("source_id: other values are malformed");
  for (i = 0; i < sizeof malformed / sizeof malformed[0]; ++i) {
    char *ticket = register_with_source_id(engine, malformed[i], JSB_INVALID_DATA);
    jsb_free(ticket);
  }
  CHECK_RC(JSB_OK, jsb_engine_query(engine, "{\"open\":true}", &open_after));
  CHECK_STR(open_before, open_after);
  /* No number was taken by the rejected registrations. */
  register_request(engine, "之后的来电", next_id);
  CHECK_STR("PW2026000005", next_id);

  step("source_id: only register_request takes it");
  if (ids[0][0] != '\0') {
    run_fails(engine, JSB_INVALID_ARGUMENT, "urge", ids[0], OFFICER, "{\"source_id\":1}", NULL);
  }

  jsb_free(open_before);
  jsb_free(open_after);
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  scratch_remove(scratch);
}
