/* The test program of the C ABI (jishiban.h, libjishiban.so), written in C.
 *
 *   jishiban_capi_tests GROUP...      runs the named groups
 *   jishiban_capi_tests all           runs every group but language_zh and
 *                                     language_en, which need a fresh process
 *
 * CTest runs each group as a test of its own, and the sanitizer build runs
 * "all". Exit status: 0 when every check passed, 1 when one failed, 2 for
 * a wrong argument. */
#include <stdio.h>
#include <string.h>

#include "check.h"

static void run_language_zh(void) { test_language_environment("zh"); }
static void run_language_en(void) { test_language_environment("en"); }

struct group {
  const char *name;
  void (*run)(void);
  int in_all;
};

static const struct group groups[] = {
    {"library", test_library, 1},
    {"calendar", test_calendar, 1},
    {"calendar_batch", test_calendar_batch, 1},
    {"engine_open", test_engine_open, 1},
    {"engine_errors", test_engine_errors, 1},
    {"lifecycle", test_lifecycle, 1},
    {"query_report", test_query_report, 1},
    {"replay", test_replay, 1},
    {"deliver", test_deliver, 1},
    {"messages", test_messages, 1},
    {"threads", test_threads, 1},
    {"source_id", test_source_id, 1},
    /* LANG is read once per process, at the first use of a message. */
    {"language_zh", run_language_zh, 0},
    {"language_en", run_language_en, 0},
};

static const size_t group_count = sizeof groups / sizeof groups[0];

static void run_group(const struct group *group) {
  const long failures_before = check_failures;
  const long count_before = check_count;
  printf("== %s\n", group->name);
  fflush(stdout);
  group->run();
  printf("== %s: %ld checks, %ld failed\n", group->name, check_count - count_before,
         check_failures - failures_before);
  fflush(stdout);
}

int main(int argc, char **argv) {
  int i;
  size_t g;

  if (argc < 2) {
    fprintf(stderr, "usage: %s GROUP... | all\ngroups:", argv[0]);
    for (g = 0; g < group_count; ++g) {
      fprintf(stderr, " %s", groups[g].name);
    }
    fprintf(stderr, "\n");
    return 2;
  }

  for (i = 1; i < argc; ++i) {
    int known = 0;
    for (g = 0; g < group_count; ++g) {
      if (strcmp(argv[i], "all") == 0 ? groups[g].in_all : strcmp(argv[i], groups[g].name) == 0) {
        run_group(&groups[g]);
        known = 1;
      }
    }
    if (!known) {
      fprintf(stderr, "unknown group \"%s\"; run without arguments to list the groups\n", argv[i]);
      return 2;
    }
  }

  printf("%ld passed, %ld failed\n", check_count - check_failures, check_failures);
  return check_failures == 0 ? 0 : 1;
}
