/* The batch calendar functions: each element equals the single call on a
 * few thousand instants, for both signs of the amount, with the output
 * array aliasing an input, with no elements, and with an element that
 * fails. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Enough elements for many full blocks of the vectorised path and a tail. */
#define COUNT 4999

/* A fixed linear congruential sequence, so every run checks the same
 * instants. */
static uint64_t next_random(uint64_t *state) {
  *state = *state * 6364136223846793005u + 1442695040888963407u;
  return *state >> 33;
}

/* Instants spread over `span` seconds from `first`, at arbitrary seconds of
 * the day, so they fall in working hours, breaks, nights and holidays. */
static void fill_instants(int64_t *out, size_t count, int64_t first, int64_t span, uint64_t seed) {
  size_t i;
  for (i = 0; i < count; ++i) {
    out[i] = first + (int64_t)(next_random(&seed) % (uint64_t)span);
  }
}

static int64_t *allocate(size_t count) {
  int64_t *array = malloc(count * sizeof *array);
  if (array == NULL) {
    abort();
  }
  return array;
}

/* Compares the batch add with the single call for `seconds`, then the same
 * batch computed in place. */
static void check_add_batch(jsb_calendar *calendar, const int64_t *starts, size_t count, int64_t seconds,
                            int expected_provisional) {
  int64_t *batch = allocate(count);
  int64_t *in_place = allocate(count);
  int any_provisional = -1;
  int single_provisional = 0;
  size_t mismatches = 0;
  size_t i;

  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds_batch(calendar, starts, count, seconds, batch, &any_provisional));
  for (i = 0; i < count; ++i) {
    int64_t single = 0;
    int provisional = 0;
    if (jsb_calendar_add_working_seconds(calendar, starts[i], seconds, &single, &provisional) != JSB_OK ||
        single != batch[i]) {
      ++mismatches;
    }
    single_provisional |= provisional;
  }
  CHECK(mismatches == 0);
  CHECK(any_provisional == single_provisional);
  CHECK(any_provisional == expected_provisional);

  memcpy(in_place, starts, count * sizeof *in_place);
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds_batch(calendar, in_place, count, seconds, in_place, NULL));
  CHECK(memcmp(in_place, batch, count * sizeof *batch) == 0);

  free(batch);
  free(in_place);
}

static void check_between_batch(jsb_calendar *calendar, const int64_t *from, const int64_t *to, size_t count,
                                int expected_provisional) {
  int64_t *batch = allocate(count);
  int64_t *in_place = allocate(count);
  int any_provisional = -1;
  size_t mismatches = 0;
  size_t i;

  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between_batch(calendar, from, to, count, batch, &any_provisional));
  for (i = 0; i < count; ++i) {
    int64_t single = 0;
    if (jsb_calendar_working_seconds_between(calendar, from[i], to[i], &single, NULL) != JSB_OK ||
        single != batch[i]) {
      ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(any_provisional == expected_provisional);

  /* The output may be either input array. */
  memcpy(in_place, from, count * sizeof *in_place);
  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between_batch(calendar, in_place, to, count, in_place, NULL));
  CHECK(memcmp(in_place, batch, count * sizeof *batch) == 0);
  memcpy(in_place, to, count * sizeof *in_place);
  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between_batch(calendar, from, in_place, count, in_place, NULL));
  CHECK(memcmp(in_place, batch, count * sizeof *batch) == 0);

  free(batch);
  free(in_place);
}

void test_calendar_batch(void) {
  const int64_t year_2026 = instant_of("2026-01-01T00:00:00+08:00");
  const int64_t days_300 = 300 * 86400;
  int64_t *starts = allocate(COUNT);
  int64_t *ends = allocate(COUNT);
  jsb_calendar *calendar = NULL;
  jsb_calendar *provisional_calendar = NULL;
  int any_provisional = -1;
  int64_t unchanged[3] = {1, 2, 3};

  CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
  CHECK_RC(JSB_OK, jsb_calendar_open("{\"coverage\":\"provisional\"}", &provisional_calendar));

  step("add: batch equals single calls");
  /* Starts in Jan-Oct 2026, so amounts up to a few weeks stay in 2026. */
  fill_instants(starts, COUNT, year_2026, days_300, 1);
  check_add_batch(calendar, starts, COUNT, 3600, 0);
  check_add_batch(calendar, starts, COUNT, 1, 0);
  check_add_batch(calendar, starts, COUNT, 0, 0);
  check_add_batch(calendar, starts, COUNT, 10 * 27000 + 17, 0);
  check_add_batch(calendar, starts, COUNT, -5400, 0);
  check_add_batch(calendar, starts, 7, 3600, 0); /* shorter than one block */

  step("between: batch equals single calls");
  fill_instants(ends, COUNT, year_2026, days_300 + 60 * 86400, 2);
  check_between_batch(calendar, starts, ends, COUNT, 0);

  step("provisional years in a batch");
  /* Starts in Dec 2026: many deadlines reach 2027, which has no data. */
  fill_instants(starts, COUNT, instant_of("2026-12-01T00:00:00+08:00"), 31 * 86400, 3);
  check_add_batch(provisional_calendar, starts, COUNT, 5 * 27000, 1);
  fill_instants(ends, COUNT, instant_of("2027-01-01T00:00:00+08:00"), 60 * 86400, 4);
  check_between_batch(provisional_calendar, starts, ends, COUNT, 1);

  step("an element that fails fails the batch");
  /* Under strict coverage the same starts need 2027. */
  CHECK_RC(JSB_CALENDAR_NOT_COVERED,
           jsb_calendar_add_working_seconds_batch(calendar, starts, COUNT, 5 * 27000, ends, &any_provisional));
  CHECK_CONTAINS(jsb_calendar_errmsg(calendar), "2027");
  fill_instants(starts, COUNT, year_2026, days_300, 5);
  starts[COUNT / 2] = INT64_MAX;
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds_batch(calendar, starts, COUNT, 60, ends, NULL));
  starts[COUNT / 2] = instant_of("2040-01-02T10:00:00+08:00");
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds_batch(calendar, starts, COUNT, -60, ends, NULL));
  starts[COUNT / 2] = year_2026;
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_add_working_seconds_batch(calendar, starts, COUNT, INT64_MAX, ends, NULL));
  fill_instants(ends, COUNT, year_2026, days_300, 6);
  ends[COUNT - 1] = instant_of("2027-01-04T09:00:00+08:00");
  CHECK_RC(JSB_CALENDAR_NOT_COVERED,
           jsb_calendar_working_seconds_between_batch(calendar, starts, ends, COUNT, ends, NULL));
  ends[COUNT - 1] = INT64_MIN;
  CHECK_RC(JSB_OUT_OF_RANGE, jsb_calendar_working_seconds_between_batch(calendar, starts, ends, COUNT, starts, NULL));

  step("no elements");
  any_provisional = -1;
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds_batch(calendar, NULL, 0, 60, NULL, &any_provisional));
  CHECK(any_provisional == 0);
  any_provisional = -1;
  CHECK_RC(JSB_OK, jsb_calendar_working_seconds_between_batch(calendar, NULL, NULL, 0, NULL, &any_provisional));
  CHECK(any_provisional == 0);
  CHECK_RC(JSB_OK, jsb_calendar_add_working_seconds_batch(calendar, unchanged, 0, 60, unchanged, NULL));
  CHECK(unchanged[0] == 1);
  CHECK(unchanged[1] == 2);
  CHECK(unchanged[2] == 3);
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_add_working_seconds_batch(NULL, NULL, 0, 60, NULL, NULL));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_working_seconds_between_batch(NULL, NULL, NULL, 0, NULL, NULL));

  CHECK_RC(JSB_OK, jsb_calendar_close(provisional_calendar));
  CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
  free(starts);
  free(ends);
}
