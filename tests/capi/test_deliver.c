/* jsb_engine_deliver and jsb_engine_undelivered: notifications wait in the
 * outbox, a callback that fails leaves its notification for a retry after
 * 30 s and then 60 s (DeliveryPolicy), and each is delivered once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

#define MAX_OFFERS 32

struct receiver {
  const char *refused_kind; /* the callback fails for this "kind", or NULL */
  int offers;
  char ids[MAX_OFFERS][64];
  char kinds[MAX_OFFERS][64];
  int accepted[MAX_OFFERS];
  char first_notification[2048];
};

static int receive(void *user_data, const char *notification_json) {
  struct receiver *receiver = user_data;
  const int index = receiver->offers;
  int refuse;
  if (index >= MAX_OFFERS) {
    return 1;
  }
  ++receiver->offers;
  json_string(notification_json, "id", receiver->ids[index], sizeof receiver->ids[index]);
  json_string(notification_json, "kind", receiver->kinds[index], sizeof receiver->kinds[index]);
  if (index == 0) {
    snprintf(receiver->first_notification, sizeof receiver->first_notification, "%s", notification_json);
  }
  refuse = receiver->refused_kind != NULL && strcmp(receiver->kinds[index], receiver->refused_kind) == 0;
  receiver->accepted[index] = !refuse;
  return refuse ? 1 : 0;
}

static void deliver(jsb_engine *engine, struct receiver *receiver, size_t expected_delivered,
                    size_t expected_failed, int line) {
  size_t delivered = 99;
  size_t failed = 99;
  receiver->offers = 0;
  check_rc_at(JSB_OK, jsb_engine_deliver(engine, receive, receiver, &delivered, &failed), "jsb_engine_deliver",
              __FILE__, line);
  check_i64_at((int64_t)expected_delivered, (int64_t)delivered, "delivered", __FILE__, line);
  check_i64_at((int64_t)expected_failed, (int64_t)failed, "failed", __FILE__, line);
  check_i64_at((int64_t)(expected_delivered + expected_failed), receiver->offers, "offers", __FILE__, line);
}

/* Calls jsb_engine_deliver on its own engine from inside the callback. */
struct nested {
  jsb_engine *engine;
  int offers;
  int inner_result;
};

static int receive_and_deliver_again(void *user_data, const char *notification_json) {
  struct nested *nested = user_data;
  (void)notification_json;
  ++nested->offers;
  nested->inner_result = jsb_engine_deliver(nested->engine, receive_and_deliver_again, nested, NULL, NULL);
  return 0;
}

static size_t undelivered(jsb_engine *engine) {
  size_t count = 99;
  CHECK_RC(JSB_OK, jsb_engine_undelivered(engine, &count));
  return count;
}

void test_deliver(void) {
  char scratch[4096];
  char database[4200];
  char first[32];
  char second[32];
  struct receiver receiver;
  jsb_engine *engine;

  memset(&receiver, 0, sizeof receiver);
  scratch_create(scratch, sizeof scratch);
  path_join(database, sizeof database, scratch, "deliver.db");
  engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"off\"");

  step("an empty outbox");
  CHECK(undelivered(engine) == 0);
  deliver(engine, &receiver, 0, 0, __LINE__);

  step("three notifications wait");
  /* Each dispatch notifies the lead unit's leader, and the urge too. */
  dispatch_request(engine, "第一件", UNIT, first);
  dispatch_request(engine, "第二件", OTHER_UNIT, second);
  jsb_free(run_ok(engine, "urge", first, SUPERVISOR, "{\"text\":\"请尽快办理\"}"));
  CHECK(undelivered(engine) == 3);

  step("a refused notification is counted as failed");
  receiver.refused_kind = "urged";
  deliver(engine, &receiver, 2, 1, __LINE__);
  CHECK_STR("PW2026000001#3/0", receiver.ids[0]);
  CHECK_STR("PW2026000002#3/0", receiver.ids[1]);
  CHECK_STR("PW2026000001#4/0", receiver.ids[2]);
  CHECK_STR("urged", receiver.kinds[2]);
  CHECK(receiver.accepted[0]);
  CHECK(receiver.accepted[1]);
  CHECK(!receiver.accepted[2]);
  CHECK_CONTAINS(receiver.first_notification, "\"kind\":\"dispatched\",\"ticket_id\":\"PW2026000001\",\"sequence\":3");
  CHECK_CONTAINS(receiver.first_notification, "\"recipient_role\":\"unit_leader\",\"recipient_unit\":\"" UNIT "\"");
  CHECK_CONTAINS(receiver.first_notification, "\"message_en\":\"Ticket PW2026000001 (consultation)");
  CHECK_CONTAINS(receiver.first_notification, "\"message_zh\":\"");
  CHECK_CONTAINS(receiver.first_notification, "13812345678"); /* the lead unit's copy names the requester */
  CHECK(undelivered(engine) == 1);

  step("the failed one waits 30 s");
  deliver(engine, &receiver, 0, 0, __LINE__);
  set_now(engine, "2026-03-02T09:00:29+08:00");
  deliver(engine, &receiver, 0, 0, __LINE__);
  set_now(engine, "2026-03-02T09:00:31+08:00");
  deliver(engine, &receiver, 0, 1, __LINE__);
  CHECK_STR("PW2026000001#4/0", receiver.ids[0]);
  CHECK(undelivered(engine) == 1);

  step("then 60 s, and is delivered later");
  set_now(engine, "2026-03-02T09:01:30+08:00");
  deliver(engine, &receiver, 0, 0, __LINE__);
  receiver.refused_kind = NULL;
  set_now(engine, "2026-03-02T09:01:32+08:00");
  deliver(engine, &receiver, 1, 0, __LINE__);
  CHECK_STR("PW2026000001#4/0", receiver.ids[0]);
  CHECK(undelivered(engine) == 0);
  deliver(engine, &receiver, 0, 0, __LINE__);

  step("the counts may be left out");
  jsb_free(run_ok(engine, "urge", second, SUPERVISOR, NULL));
  CHECK(undelivered(engine) == 1);
  receiver.offers = 0;
  CHECK_RC(JSB_OK, jsb_engine_deliver(engine, receive, &receiver, NULL, NULL));
  CHECK(receiver.offers == 1);
  CHECK_STR("PW2026000002#4/0", receiver.ids[0]);
  CHECK(undelivered(engine) == 0);

  step("a callback cannot deliver again");
  {
    struct nested nested = {engine, 0, JSB_OK};
    size_t delivered = 0;
    jsb_free(run_ok(engine, "urge", second, SUPERVISOR, NULL));
    CHECK_RC(JSB_OK, jsb_engine_deliver(engine, receive_and_deliver_again, &nested, &delivered, NULL));
    CHECK(nested.offers == 1);
    CHECK(delivered == 1);
    CHECK(nested.inner_result == JSB_INVALID_ARGUMENT);
    CHECK_CONTAINS(jsb_engine_errmsg(engine), "own delivery callback");
    CHECK(undelivered(engine) == 0);
  }

  step("the outbox survives a restart");
  jsb_free(run_ok(engine, "urge", second, SUPERVISOR, NULL));
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  engine = open_manual_engine(database, "2026-03-02T09:05:00+08:00", ",\"synchronous\":\"off\"");
  CHECK(undelivered(engine) == 1);
  deliver(engine, &receiver, 1, 0, __LINE__);
  CHECK_STR("PW2026000002#6/0", receiver.ids[0]);

  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  scratch_remove(scratch);
}
