/* Threads. Several threads run commands on one engine handle and queries
 * on one calendar handle at once: conflicts are allowed, but lost updates
 * and crashes are not. jsb_engine_close returns JSB_BUSY while another
 * thread is inside a call, here a delivery callback that waits on a
 * condition variable, and closes once that call has returned. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_support.h"

#define THREADS 4
#define ROUNDS 12

struct worker {
  jsb_engine *engine;
  jsb_calendar *calendar;
  const char *shared_ticket;
  int index;
  /* Results, read by the main thread after pthread_join. */
  int registered;
  int urged;
  int conflicts;
  int unexpected; /* result codes other than JSB_OK and JSB_CONFLICT */
  int calendar_mismatches;
  char ids[ROUNDS][32];
};

/* Urges the shared ticket at the version the thread last saw: a concurrent
 * urge makes it JSB_CONFLICT. */
static void urge_shared(struct worker *worker) {
  char *ticket = NULL;
  char *command;
  int64_t version;
  int rc;

  if (jsb_engine_view(worker->engine, worker->shared_ticket, OFFICER, &ticket) != JSB_OK) {
    ++worker->unexpected;
    return;
  }
  version = json_integer(strstr(ticket, ",\"version\":"), "version", -1);
  jsb_free(ticket);
  ticket = NULL;
  command = text_format("{\"type\":\"urge\",\"ticket\":\"%s\",\"actor\":" SUPERVISOR ",\"expected_version\":%lld}",
                        worker->shared_ticket, (long long)version);
  rc = jsb_engine_execute(worker->engine, command, &ticket);
  free(command);
  if (rc == JSB_OK) {
    ++worker->urged;
    jsb_free(ticket);
  } else if (rc == JSB_CONFLICT) {
    ++worker->conflicts;
    if (ticket != NULL || jsb_engine_errmsg(worker->engine)[0] == '\0') {
      ++worker->unexpected;
    }
  } else {
    fprintf(stderr, "thread %d: urge returned %s: %s\n", worker->index, jsb_result_name(rc),
            jsb_engine_errmsg(worker->engine));
    ++worker->unexpected;
  }
}

static void register_one(struct worker *worker, int round) {
  char *ticket = NULL;
  char *command = text_format(
      "{\"type\":\"register_request\",\"actor\":" OFFICER ",\"payload\":{\"channel\":\"wechat\","
      "\"requester\":{\"name\":\"线程%d\"},\"content\":\"第%d轮\"}}",
      worker->index, round);
  const int rc = jsb_engine_execute(worker->engine, command, &ticket);
  free(command);
  if (rc == JSB_OK && json_string(ticket, "id", worker->ids[worker->registered], 32)) {
    ++worker->registered;
  } else {
    fprintf(stderr, "thread %d: register_request returned %s: %s\n", worker->index, jsb_result_name(rc),
            jsb_engine_errmsg(worker->engine));
    ++worker->unexpected;
  }
  jsb_free(ticket);
}

/* The same deadline computed alone and in a batch, on the shared calendar. */
static void compute_deadlines(struct worker *worker, int round) {
  int64_t starts[16];
  int64_t batch[16];
  int i;
  for (i = 0; i < 16; ++i) {
    starts[i] = 1772413200 + (int64_t)(worker->index * 7919 + round * 104729 + i * 3571); /* from 2026-03-02 */
  }
  if (jsb_calendar_add_working_seconds_batch(worker->calendar, starts, 16, 3600, batch, NULL) != JSB_OK) {
    ++worker->calendar_mismatches;
    return;
  }
  for (i = 0; i < 16; ++i) {
    int64_t single = 0;
    if (jsb_calendar_add_working_seconds(worker->calendar, starts[i], 3600, &single, NULL) != JSB_OK ||
        single != batch[i]) {
      ++worker->calendar_mismatches;
    }
  }
}

static void *work(void *argument) {
  struct worker *worker = argument;
  int round;
  for (round = 0; round < ROUNDS; ++round) {
    register_one(worker, round);
    urge_shared(worker);
    compute_deadlines(worker, round);
  }
  return NULL;
}

static int compare_ids(const void *a, const void *b) { return strcmp(a, b); }

static void check_concurrent_commands(const char *scratch) {
  char database[4200];
  char shared[32];
  char all_ids[THREADS * ROUNDS][32];
  struct worker workers[THREADS];
  pthread_t threads[THREADS];
  jsb_engine *engine;
  jsb_calendar *calendar = NULL;
  int64_t version_before;
  int urged = 0;
  int registered = 0;
  int i;
  int r;

  path_join(database, sizeof database, scratch, "threads.db");
  engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"off\"");
  CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
  dispatch_request(engine, "共享的工单", UNIT, shared);
  version_before = ticket_version(engine, shared);

  memset(workers, 0, sizeof workers);
  for (i = 0; i < THREADS; ++i) {
    workers[i].engine = engine;
    workers[i].calendar = calendar;
    workers[i].shared_ticket = shared;
    workers[i].index = i;
    CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
  }
  for (i = 0; i < THREADS; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
  }

  for (i = 0; i < THREADS; ++i) {
    CHECK(workers[i].unexpected == 0);
    CHECK(workers[i].calendar_mismatches == 0);
    CHECK(workers[i].urged + workers[i].conflicts == ROUNDS);
    urged += workers[i].urged;
    for (r = 0; r < workers[i].registered; ++r) {
      memcpy(all_ids[registered++], workers[i].ids[r], 32);
    }
  }
  printf("   %d urges applied, %d registrations\n", urged, registered);

  /* Every applied urge is one version; none was lost or applied twice. */
  CHECK(urged >= 1);
  CHECK_I64(version_before + urged, ticket_version(engine, shared));
  {
    char *ticket = NULL;
    CHECK_RC(JSB_OK, jsb_engine_view(engine, shared, OFFICER, &ticket));
    CHECK_I64(urged, json_integer(ticket, "urges", -1));
    jsb_free(ticket);
  }

  /* Every registration got its own number, gap-free after the shared one. */
  CHECK(registered == THREADS * ROUNDS);
  qsort(all_ids, (size_t)registered, sizeof all_ids[0], compare_ids);
  for (i = 0; i < registered; ++i) {
    char expected[32];
    snprintf(expected, sizeof expected, "PW2026%06d", i + 2);
    CHECK_STR(expected, all_ids[i]);
  }

  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  CHECK_RC(JSB_OK, jsb_engine_close(engine));
}

/* A delivery callback that reports it was entered and waits for release. */
struct gate {
  pthread_mutex_t mutex;
  pthread_cond_t changed;
  int entered;
  int released;
  int calls;
};

static int wait_at_gate(void *user_data, const char *notification_json) {
  struct gate *gate = user_data;
  (void)notification_json;
  pthread_mutex_lock(&gate->mutex);
  ++gate->calls;
  gate->entered = 1;
  pthread_cond_broadcast(&gate->changed);
  while (!gate->released) {
    pthread_cond_wait(&gate->changed, &gate->mutex);
  }
  pthread_mutex_unlock(&gate->mutex);
  return 0;
}

struct delivery {
  jsb_engine *engine;
  struct gate *gate;
  int rc;
  size_t delivered;
};

static void *deliver_in_thread(void *argument) {
  struct delivery *delivery = argument;
  delivery->rc = jsb_engine_deliver(delivery->engine, wait_at_gate, delivery->gate, &delivery->delivered, NULL);
  return NULL;
}

static void check_close_while_busy(const char *scratch) {
  char database[4200];
  char id[32];
  struct gate gate;
  struct delivery delivery;
  pthread_t thread;
  jsb_engine *engine;
  int64_t now = 0;

  path_join(database, sizeof database, scratch, "busy.db");
  engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"off\"");
  dispatch_request(engine, "等待投递", UNIT, id);

  memset(&gate, 0, sizeof gate);
  CHECK(pthread_mutex_init(&gate.mutex, NULL) == 0);
  CHECK(pthread_cond_init(&gate.changed, NULL) == 0);
  delivery.engine = engine;
  delivery.gate = &gate;
  delivery.rc = -1;
  delivery.delivered = 0;
  CHECK(pthread_create(&thread, NULL, deliver_in_thread, &delivery) == 0);

  pthread_mutex_lock(&gate.mutex);
  while (!gate.entered) {
    pthread_cond_wait(&gate.changed, &gate.mutex);
  }
  pthread_mutex_unlock(&gate.mutex);

  /* The other thread is inside jsb_engine_deliver now. */
  CHECK_RC(JSB_BUSY, jsb_engine_close(engine));
  CHECK(jsb_last_errcode() == JSB_BUSY);
  CHECK_CONTAINS(jsb_last_errmsg(), "inside a call");
  CHECK_CONTAINS(jsb_engine_errmsg(engine), "inside a call");
  CHECK_RC(JSB_BUSY, jsb_engine_close(engine));
  /* The handle is still open: other calls work meanwhile. */
  CHECK_RC(JSB_OK, jsb_engine_now(engine, &now));
  CHECK_I64(instant_of("2026-03-02T09:00:00+08:00"), now);
  {
    char *ticket = NULL;
    CHECK_RC(JSB_OK, jsb_engine_view(engine, id, OFFICER, &ticket));
    jsb_free(ticket);
  }

  pthread_mutex_lock(&gate.mutex);
  gate.released = 1;
  pthread_cond_broadcast(&gate.changed);
  pthread_mutex_unlock(&gate.mutex);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK_RC(JSB_OK, delivery.rc);
  CHECK(delivery.delivered == 1);
  CHECK(gate.calls == 1);

  CHECK_RC(JSB_OK, jsb_engine_close(engine));
  pthread_cond_destroy(&gate.changed);
  pthread_mutex_destroy(&gate.mutex);
}

/* Messages belong to the thread whose call failed. */
struct failing_view {
  jsb_engine *engine;
  int rc;
  int message_matches;
};

static void *fail_view_in_thread(void *argument) {
  struct failing_view *view = argument;
  char *ticket = NULL;
  view->rc = jsb_engine_view(view->engine, "PW2026000077", OFFICER, &ticket);
  view->message_matches = strstr(jsb_engine_errmsg(view->engine), "PW2026000077") != NULL;
  return NULL;
}

static void check_messages_per_thread(const char *scratch) {
  char database[4200];
  struct failing_view view;
  pthread_t thread;
  char *ticket = NULL;

  path_join(database, sizeof database, scratch, "messages.db");
  view.engine = open_manual_engine(database, "2026-03-02T09:00:00+08:00", ",\"synchronous\":\"off\"");
  CHECK_RC(JSB_NOT_FOUND, jsb_engine_view(view.engine, "PW2026000066", OFFICER, &ticket));
  CHECK(pthread_create(&thread, NULL, fail_view_in_thread, &view) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK_RC(JSB_NOT_FOUND, view.rc);
  CHECK(view.message_matches);
  CHECK_CONTAINS(jsb_engine_errmsg(view.engine), "PW2026000066");
  CHECK_NOT_CONTAINS(jsb_engine_errmsg(view.engine), "PW2026000077");
  CHECK_RC(JSB_OK, jsb_engine_close(view.engine));
}

void test_threads(void) {
  char scratch[4096];
  scratch_create(scratch, sizeof scratch);

  step("commands from several threads on one engine");
  check_concurrent_commands(scratch);

  step("closing while another thread is inside a call");
  check_close_while_busy(scratch);

  step("messages per thread");
  check_messages_per_thread(scratch);

  scratch_remove(scratch);
}
