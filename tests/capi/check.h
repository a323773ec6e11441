/* Checks, scratch folders and JSON text helpers shared by the test groups
 * of the C ABI test program. Each failed check prints its file, line,
 * expression and values, and the program exits non-zero when any failed. */
#ifndef JISHIBAN_TESTS_CAPI_CHECK_H
#define JISHIBAN_TESTS_CAPI_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include <jishiban/jishiban.h>

/* Checks run and checks failed so far, over all groups. */
extern long check_count;
extern long check_failures;

void check_true_at(int ok, const char *expression, const char *file, int line);
void check_rc_at(int expected, int actual, const char *call, const char *file, int line);
void check_i64_at(int64_t expected, int64_t actual, const char *expression, const char *file, int line);
void check_str_at(const char *expected, const char *actual, const char *expression, const char *file, int line);
void check_contains_at(const char *text, const char *part, int expected, const char *expression,
                       const char *file, int line);

#define CHECK(condition) check_true_at((condition) != 0, #condition, __FILE__, __LINE__)
/* Checks a result code; on a mismatch also prints jsb_last_errmsg(). */
#define CHECK_RC(expected, call) check_rc_at((expected), (call), #call, __FILE__, __LINE__)
#define CHECK_I64(expected, actual) check_i64_at((expected), (actual), #actual, __FILE__, __LINE__)
/* Compares two strings byte for byte; NULL equals only NULL. */
#define CHECK_STR(expected, actual) check_str_at((expected), (actual), #actual, __FILE__, __LINE__)
#define CHECK_CONTAINS(text, part) check_contains_at((text), (part), 1, #text, __FILE__, __LINE__)
#define CHECK_NOT_CONTAINS(text, part) check_contains_at((text), (part), 0, #text, __FILE__, __LINE__)

/* A sentinel to put in a `char **` out-pointer before a call that must
 * overwrite it, or must leave it alone. */
extern char untouched[];

/* Prints a line naming the step a group is at, so a failure or a crash
 * shows where it happened. */
void step(const char *name);

/* Creates a fresh folder under $TMPDIR (or /tmp) and writes its path to
 * `out`; aborts the program when that fails. */
void scratch_create(char *out, size_t size);
/* Removes the folder and every file in it (no subfolders). */
void scratch_remove(const char *path);
/* `dir`/`name` into `out`. */
void path_join(char *out, size_t size, const char *dir, const char *name);
/* Writes `text` to a new file at `path`; aborts when that fails. */
void write_file(const char *path, const char *text);

/* A malloc'ed string from a printf format; aborts when out of memory.
 * Free it with free(). */
char *text_format(const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The library writes JSON without spaces, so these find members by text.
 * Each looks at the first occurrence of "key": in `json`. */

/* Copies the string value of "key" (without escapes) into `out`; returns 1
 * when found, else 0 and `out` is "". */
int json_string(const char *json, const char *key, char *out, size_t size);
/* The integer value of "key", or `fallback` when not found. */
int64_t json_integer(const char *json, const char *key, int64_t fallback);
/* The number of elements of a JSON array of strings or flat objects, such
 * as ["a","b"] or [{...},{...}]; -1 when `json` is not an array. */
int json_array_length(const char *json);

/* json_array_length of the value of "key"; -1 when not found. */
int json_member_array_length(const char *json, const char *key);

/* The instant of RFC 3339 `text`, through the official calendar; aborts
 * when the text is not one. */
int64_t instant_of(const char *text);
/* Formats `instant` at UTC+08:00 into `out`. */
void format_instant(int64_t instant, char *out, size_t size);

/* Test groups; each returns after running its checks. */
void test_library(void);
void test_calendar(void);
void test_calendar_batch(void);
void test_engine_open(void);
void test_engine_errors(void);
void test_lifecycle(void);
void test_query_report(void);
void test_replay(void);
void test_deliver(void);
void test_messages(void);
void test_language_environment(const char *expected);
void test_threads(void);
void test_source_id(void);

#endif /* JISHIBAN_TESTS_CAPI_CHECK_H */
