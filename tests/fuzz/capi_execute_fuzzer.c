/* libFuzzer target of jsb_engine_execute, the JSON command entry point of
 * the C ABI. Each input is one command text. The engine is opened once, on
 * a scratch SQLite database with a manual clock, and contains tickets in
 * several states, so inputs that name PW2026000001 to PW2026000004 reach
 * the state machine and not only the parser.
 *
 * Besides the sanitizers, the target aborts when the ABI breaks its
 * contract: a result code that jishiban.h does not define, JSB_INTERNAL
 * (an exception the library did not expect), a failure that sets the ticket
 * out-pointer or has no message, or a success without a ticket. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jishiban/jishiban.h>

#define OFFICER "{\"id\":\"s01\",\"role\":\"service_officer\"}"
#define OFFICE_LEADER "{\"id\":\"l01\",\"role\":\"office_leader\"}"
#define UNIT_LEADER "{\"id\":\"u01\",\"role\":\"unit_leader\",\"unit\":\"投资促进局\"}"

static jsb_engine *engine = NULL;
static char scratch[4096];
static char database[4200];

static void fail(const char *step_name) {
  fprintf(stderr, "fuzz setup failed: %s: %s\n", step_name, jsb_last_errmsg());
  abort();
}

static void run(const char *command) {
  char *ticket = NULL;
  if (jsb_engine_execute(engine, command, &ticket) != JSB_OK) {
    fprintf(stderr, "%s\n", command);
    fail("a setup command");
  }
  jsb_free(ticket);
}

static void register_request(const char *content) {
  char command[1024];
  snprintf(command, sizeof command,
           "{\"type\":\"register_request\",\"actor\":" OFFICER ",\"payload\":{\"channel\":\"hotline\","
           "\"requester\":{\"name\":\"张三丰\",\"phone\":\"13812345678\"},\"content\":\"%s\"}}",
           content);
  run(command);
}

static void remove_scratch(void) {
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  size_t i;
  if (engine != NULL && jsb_engine_close(engine) == JSB_OK) {
    engine = NULL;
  }
  for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
    char path[4300];
    snprintf(path, sizeof path, "%s%s", database, suffixes[i]);
    unlink(path);
  }
  rmdir(scratch);
}

/* Opens the engine and makes four tickets: PW2026000001 registered,
 * PW2026000002 awaiting office approval, PW2026000003 dispatched to
 * 投资促进局, PW2026000004 in progress with handler h01. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *base = getenv("TMPDIR");
  (void)argc;
  (void)argv;
  if (base == NULL || *base == '\0') {
    base = "/tmp";
  }
  snprintf(scratch, sizeof scratch, "%s/jishiban-fuzz-XXXXXX", base);
  if (mkdtemp(scratch) == NULL) {
    perror("mkdtemp");
    abort();
  }
  snprintf(database, sizeof database, "%s/fuzz.db", scratch);
  /* No fsync per command: the fuzzer runs thousands of commands a second. */
  if (jsb_engine_open(database, NULL,
                      "{\"clock\":\"manual\",\"now\":\"2026-03-02T09:00:00+08:00\",\"synchronous\":\"off\"}",
                      &engine) != JSB_OK) {
    fail("jsb_engine_open");
  }
  atexit(remove_scratch);

  register_request("已登记");
  register_request("待审批");
  register_request("已分拨");
  register_request("办理中");
  run("{\"type\":\"draft\",\"ticket\":\"PW2026000002\",\"actor\":" OFFICER
      ",\"payload\":{\"category\":\"general\",\"lead_unit\":\"投资促进局\"}}");
  run("{\"type\":\"draft\",\"ticket\":\"PW2026000003\",\"actor\":" OFFICER
      ",\"payload\":{\"category\":\"consultation\",\"lead_unit\":\"投资促进局\"}}");
  run("{\"type\":\"approve_dispatch\",\"ticket\":\"PW2026000003\",\"actor\":" OFFICE_LEADER "}");
  run("{\"type\":\"draft\",\"ticket\":\"PW2026000004\",\"actor\":" OFFICER
      ",\"payload\":{\"category\":\"difficult\",\"lead_unit\":\"投资促进局\",\"assisting_units\":[\"区税务局\"]}}");
  run("{\"type\":\"approve_dispatch\",\"ticket\":\"PW2026000004\",\"actor\":" OFFICE_LEADER "}");
  run("{\"type\":\"claim\",\"ticket\":\"PW2026000004\",\"actor\":" UNIT_LEADER
      ",\"payload\":{\"handler_id\":\"h01\",\"handler_name\":\"孙敏\"}}");
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *command = malloc(size + 1);
  char *ticket = (char *)"untouched";
  int rc;

  if (command == NULL) {
    return 0;
  }
  memcpy(command, data, size);
  command[size] = '\0';

  rc = jsb_engine_execute(engine, command, &ticket);
  if (rc == JSB_OK) {
    if (ticket == NULL || ticket[0] != '{') {
      fprintf(stderr, "success without a ticket for: %s\n", command);
      abort();
    }
    jsb_free(ticket);
  } else {
    const char *message = jsb_engine_errmsg(engine);
    const int defined = (rc >= JSB_INVALID_ARGUMENT && rc <= JSB_BUSY) || rc == JSB_NO_MEMORY;
    if (!defined) {
      fprintf(stderr, "undefined result code %d (%s): %s\nfor: %s\n", rc, jsb_result_name(rc), message, command);
      abort();
    }
    if (ticket != NULL) {
      fprintf(stderr, "failure %s set the ticket out-pointer for: %s\n", jsb_result_name(rc), command);
      abort();
    }
    if (message[0] == '\0' || jsb_last_errcode() != rc) {
      fprintf(stderr, "failure %s without its message or code for: %s\n", jsb_result_name(rc), command);
      abort();
    }
  }
  free(command);
  return 0;
}
