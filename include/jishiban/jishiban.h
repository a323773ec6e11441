/*
 * jishiban.h: the C interface of the jishiban library (libjishiban.so).
 *
 * A C99 header for hosts written in C or in any language that calls C
 * (Java through JNA or Panama, C# through P/Invoke, Go through cgo, Python
 * through ctypes, PHP through FFI). It covers the working-time calendar and
 * the workflow engine on an SQLite database. docs/c-api.md is the guide.
 *
 * Conventions
 *
 *   Results. Every function that can fail returns an int: JSB_OK (0) on
 *   success, otherwise one of the JSB_ codes below. Codes 1 to 10 equal the
 *   values of the C++ enum jishiban::ErrorCode. Out-pointers are written
 *   only on success, except that a `char **` out-pointer is set to NULL on
 *   failure.
 *
 *   Messages. After a failed call, jsb_calendar_errmsg() or
 *   jsb_engine_errmsg() gives its message for that handle, and
 *   jsb_last_errmsg() the message of the calling thread's last failed call
 *   of any kind (the only one for an open call that made no handle). A
 *   message states what was wrong, names the value and what to do. It is
 *   in Chinese or English by the handle's language (jsb_*_set_language),
 *   which starts as the process default (JSB_LANG_ZH when the environment
 *   variable LANG starts with "zh", else JSB_LANG_EN). The pointer stays
 *   valid until the same thread's next call on the same handle. A thread
 *   keeps the messages of the last 16 handles it had failures on. After
 *   failures on 16 other handles, a handle's message is "", and an older
 *   pointer to it is no longer valid.
 *
 *   Time. Instants are int64_t seconds since 1970-01-01T00:00:00Z (Unix
 *   time, no leap seconds). Dates are "YYYY-MM-DD" strings. JSON texts
 *   carry instants as RFC 3339 text, such as "2026-09-30T16:50:00+08:00".
 *
 *   Text. Every string in and out is NUL-terminated UTF-8. Text that is not
 *   valid UTF-8 is rejected with JSB_INVALID_DATA (JSON) or
 *   JSB_INVALID_ARGUMENT (other strings). File paths given as arguments
 *   are passed to the operating system as given, but paths inside JSON
 *   options ("files", "policy_file") must be UTF-8, like all JSON.
 *
 *   Ownership. Strings the library returns through `char **` belong to the
 *   caller, who frees them with jsb_free(). Strings the library returns as
 *   `const char *` belong to the library. The library keeps no pointer to
 *   a caller's buffer after a call returns.
 *
 *   NULL. A NULL handle, NULL out-pointer or NULL required string gives
 *   JSB_INVALID_ARGUMENT, never a crash. jsb_free(NULL) and the close
 *   functions on NULL do nothing.
 *
 *   Threads. Every function may be called from several threads at once,
 *   also on the same handle: the calendar is immutable, and the engine and
 *   its SQLite store serialize what must be serialized. Two commands on the
 *   same ticket from two threads: one wins, the other gets JSB_CONFLICT and
 *   may be sent again. The exception is closing: jsb_calendar_close() and
 *   jsb_engine_close() return JSB_BUSY and close nothing while another
 *   thread is inside a call on the handle, and no call may start on a
 *   handle once its close has returned JSB_OK.
 *
 *   Exceptions. No C++ exception leaves the library: every failure becomes
 *   a result code.
 */
#ifndef JISHIBAN_JISHIBAN_H
#define JISHIBAN_JISHIBAN_H

#include <stddef.h>
#include <stdint.h>

/* The version of this header. jsb_version() gives that of the library
 * loaded at run time; a host built against 0.1 works with any 0.1.x. */
#define JSB_VERSION_MAJOR 0
#define JSB_VERSION_MINOR 1
#define JSB_VERSION_PATCH 0
#define JSB_VERSION (JSB_VERSION_MAJOR * 10000 + JSB_VERSION_MINOR * 100 + JSB_VERSION_PATCH)
#define JSB_VERSION_STRING "0.1.0"

#if defined(_WIN32)
#define JSB_API
#elif defined(JSB_BUILDING_LIBRARY)
#define JSB_API __attribute__((visibility("default")))
#else
#define JSB_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Result codes ------------------------------------------------------ */

#define JSB_OK 0
#define JSB_INVALID_ARGUMENT 1     /* a bad argument: NULL, unknown name, value out of its domain */
#define JSB_INVALID_DATA 2         /* malformed JSON, calendar, policy or stored data */
#define JSB_CALENDAR_NOT_COVERED 3 /* an instant in a year the calendar has no data for */
#define JSB_OUT_OF_RANGE 4         /* a number or instant outside what the library can represent */
#define JSB_IO_ERROR 5             /* a file or database could not be read or written */
#define JSB_NOT_FOUND 6            /* no such ticket, or no database file with "create": false */
#define JSB_CONFLICT 7             /* the ticket changed meanwhile, or an idempotency key is taken */
#define JSB_FORBIDDEN 8            /* the actor may not do this */
#define JSB_INVALID_TRANSITION 9   /* the ticket's state does not take this command */
#define JSB_BUSY 10                /* the database or handle is in use; try again */
#define JSB_NO_MEMORY 100          /* an allocation failed */
#define JSB_INTERNAL 101           /* a failure the library did not expect; the message names it */

/* Languages of messages. */
#define JSB_LANG_EN 0
#define JSB_LANG_ZH 1

/* Opaque handles. */
typedef struct jsb_calendar jsb_calendar;
typedef struct jsb_engine jsb_engine;

/* ---- Library ----------------------------------------------------------- */

/* JSB_VERSION of the library loaded at run time. */
JSB_API int jsb_version(void);

/* JSB_VERSION_STRING of the library loaded at run time; library-owned. */
JSB_API const char *jsb_version_string(void);

/* The stable name of a result code, such as "not_found", or "unknown" for a
 * number that is not a code; library-owned. */
JSB_API const char *jsb_result_name(int code);

/* Frees a string the library returned through a `char **`. NULL does
 * nothing. */
JSB_API void jsb_free(void *text);

/* The message of the calling thread's last failed call, whatever the
 * handle; "" when there was none. Library-owned; valid until the thread's
 * next call. */
JSB_API const char *jsb_last_errmsg(void);

/* The code of the calling thread's last failed call, or JSB_OK. */
JSB_API int jsb_last_errcode(void);

/* Sets the language of jsb_last_errmsg() and of handles opened afterwards.
 * JSB_INVALID_ARGUMENT for a language other than JSB_LANG_EN and
 * JSB_LANG_ZH. */
JSB_API int jsb_set_default_language(int language);

/* ---- Calendar ---------------------------------------------------------- */

/* Opens a calendar. `options_json` may be NULL for the official calendar
 * built into the library (State Council notices 2004-2026, UTC+08:00,
 * 08:30-12:00 and 13:00-17:00), with strict coverage.
 * Otherwise a JSON object with the optional members
 *
 *   "base": "official" (default) or "none": start from the built-in data
 *           or from nothing;
 *   "files": ["extra.json", ...]: calendar files merged on top, in order;
 *   "data": [{...}, ...]: calendar JSON objects merged on top after them;
 *   "coverage": "strict" (default) or "provisional": what a year without
 *           data gives, JSB_CALENDAR_NOT_COVERED or Monday-Friday results
 *           flagged provisional;
 *   "provisional_years": 4: how many years past the data the calendar
 *           reaches, 0 to 50. A date after them, or before the first year
 *           with data, gives JSB_OUT_OF_RANGE under either coverage;
 *   "language": "zh" or "en": the handle's message language.
 *
 * docs/calendar.md describes the calendar file format. */
JSB_API int jsb_calendar_open(const char *options_json, jsb_calendar **out_calendar);

/* Closes a calendar. Engines opened with it keep working: they hold their
 * own reference to its data. JSB_BUSY while another thread is inside a call
 * on it. NULL does nothing. */
JSB_API int jsb_calendar_close(jsb_calendar *calendar);

/* The message of this thread's last failed call on `calendar`, "" when
 * none. NULL gives jsb_last_errmsg(). */
JSB_API const char *jsb_calendar_errmsg(const jsb_calendar *calendar);

/* JSB_LANG_EN or JSB_LANG_ZH for this handle's messages. */
JSB_API int jsb_calendar_set_language(jsb_calendar *calendar, int language);

/* Describes the calendar as JSON: {"first_date", "last_date",
 * "utc_offset_minutes", "coverage", "years": [...]}. */
JSB_API int jsb_calendar_info(const jsb_calendar *calendar, char **out_json);

/* One day as JSON: {"date", "kind", "working", "provisional", "name_en",
 * "name_zh"}, kind one of "working_day", "rest_day", "holiday",
 * "make_up_working_day". */
JSB_API int jsb_calendar_day_info(const jsb_calendar *calendar, const char *date, char **out_json);

/* Whether `date` is a working day: *out_working is 1 or 0. */
JSB_API int jsb_calendar_is_working_day(const jsb_calendar *calendar, const char *date, int *out_working);

/* The working periods of `date` as JSON: {"date", "provisional",
 * "periods": [{"start": "08:30", "end": "12:00"}, ...]}, times as "HH:MM",
 * or "HH:MM:SS" when the seconds are not zero. */
JSB_API int jsb_calendar_working_periods(const jsb_calendar *calendar, const char *date, char **out_json);

/* The first working instant at or after `instant`. `out_provisional` may be
 * NULL; otherwise it receives 1 when a year without data was involved. */
JSB_API int jsb_calendar_next_working_instant(const jsb_calendar *calendar, int64_t instant, int64_t *out_instant,
                                             int *out_provisional);

/* `start` plus `seconds` of working time (negative counts back). */
JSB_API int jsb_calendar_add_working_seconds(const jsb_calendar *calendar, int64_t start, int64_t seconds,
                                            int64_t *out_instant, int *out_provisional);

/* Working seconds from `from` to `to`; negative when `to` is earlier. */
JSB_API int jsb_calendar_working_seconds_between(const jsb_calendar *calendar, int64_t from, int64_t to,
                                                int64_t *out_seconds, int *out_provisional);

/* `days` working days after `date` ("YYYY-MM-DD"), negative for before.
 * `out_date` receives a "YYYY-MM-DD" string to free with jsb_free(). */
JSB_API int jsb_calendar_add_working_days(const jsb_calendar *calendar, const char *date, int days,
                                         char **out_date, int *out_provisional);

/* Working days in [begin, end): begin counted, end not. */
JSB_API int jsb_calendar_working_days_between(const jsb_calendar *calendar, const char *begin, const char *end,
                                             int *out_days, int *out_provisional);

/* Day conventions of deadlines counted in working days. */
#define JSB_LEGAL_PERIOD 0 /* the close of working hours on the n-th working day after the start's date */
#define JSB_WORKING_TIME 1 /* n standard working days added as working time */

/* The deadline of `days` working days from `start` under `convention`. */
JSB_API int jsb_calendar_add_working_days_at(const jsb_calendar *calendar, int64_t start, int days,
                                            int convention, int64_t *out_instant, int *out_provisional);

/* Batch forms over arrays of `count` instants, for many requests at once:
 * out[i] is the single call's result for in[i], and `out` may be the
 * input array. When an element fails (out of range, or a year without data
 * under strict coverage), the call fails as the single call would for it,
 * naming one such element (not always the first), and `out` contains nothing
 * of use. */
JSB_API int jsb_calendar_add_working_seconds_batch(const jsb_calendar *calendar, const int64_t *starts,
                                                  size_t count, int64_t seconds, int64_t *out_instants,
                                                  int *out_any_provisional);
JSB_API int jsb_calendar_working_seconds_between_batch(const jsb_calendar *calendar, const int64_t *from,
                                                      const int64_t *to, size_t count, int64_t *out_seconds,
                                                      int *out_any_provisional);

/* RFC 3339 text of `instant` in the calendar's zone, such as
 * "2026-10-08T09:20:00+08:00", to free with jsb_free().
 * JSB_INVALID_ARGUMENT for an instant outside the years 1400 to 9999. */
JSB_API int jsb_calendar_format_instant(const jsb_calendar *calendar, int64_t instant, char **out_text);

/* Reads RFC 3339 text; text without an offset ("2026-10-08T09:20") is wall
 * time in the calendar's zone. */
JSB_API int jsb_calendar_parse_instant(const jsb_calendar *calendar, const char *text, int64_t *out_instant);

/* ---- Engine ------------------------------------------------------------ */

/* Opens the workflow engine on the SQLite database at `path`, creating it
 * when missing. `calendar` may be NULL for the official calendar.
 * `options_json` may be NULL for the defaults, or a JSON object with the
 * optional members
 *
 *   "policy": {...}: policy settings over the standard policy
 *           (docs/workflow.md), or "policy_file": "policy.json";
 *   "clock": "system" (default) or "manual": a manual clock stays
 *           at "now" until jsb_engine_set_now() moves it, for replaying
 *           past periods and for tests;
 *   "now": "2026-03-02T09:00:00+08:00": the manual clock's start. Without
 *           it the clock starts at 1970-01-01T00:00:00Z, before the
 *           official calendar's first year, so commands give
 *           JSB_OUT_OF_RANGE until it is set;
 *   "notification_templates": {...}: the host's wording of notifications
 *           (docs/workflow.md, Templates);
 *   "synchronous": "full" (default), "normal" or "off": when commits wait
 *           for the disk (docs/storage.md);
 *   "busy_timeout_ms": 2000: how long to wait for another writer;
 *   "create": true: false gives JSB_NOT_FOUND when the file is missing;
 *   "language": "zh" or "en": the handle's message language.
 *
 * Notifications wait in the database's outbox until jsb_engine_deliver()
 * hands them to the host. On failure *out_engine is NULL and
 * jsb_last_errmsg() says why. */
JSB_API int jsb_engine_open(const char *path, const jsb_calendar *calendar, const char *options_json,
                            jsb_engine **out_engine);

/* Closes the engine and its database. JSB_BUSY while another thread is
 * inside a call on it. NULL does nothing. */
JSB_API int jsb_engine_close(jsb_engine *engine);

/* The message of this thread's last failed call on `engine`, "" when none.
 * NULL gives jsb_last_errmsg(). */
JSB_API const char *jsb_engine_errmsg(const jsb_engine *engine);

/* JSB_LANG_EN or JSB_LANG_ZH for this handle's messages. */
JSB_API int jsb_engine_set_language(jsb_engine *engine, int language);

/* The engine's clock. jsb_engine_set_now() needs a manual clock
 * (JSB_INVALID_ARGUMENT otherwise) and may move it either way. */
JSB_API int jsb_engine_now(const jsb_engine *engine, int64_t *out_instant);
JSB_API int jsb_engine_set_now(jsb_engine *engine, int64_t instant);

/* The policy in force as JSON, in the form "policy" takes. */
JSB_API int jsb_engine_policy(const jsb_engine *engine, char **out_json);

/* Runs one command, given as command JSON (docs/workflow.md):
 *
 *   {"type": "claim", "ticket": "PW2026000001",
 *    "actor": {"id": "u-17", "role": "handler", "unit": "投资促进局"},
 *    "payload": {...}, "comment": "...", "expected_version": 3,
 *    "idempotency_key": "..."}
 *
 * at the engine clock's instant. On success *out_ticket_json is the ticket
 * after the command as the actor may see it. Every command of the workflow
 * goes through here, register_request included (no "ticket" then). */
JSB_API int jsb_engine_execute(jsb_engine *engine, const char *command_json, char **out_ticket_json);

/* The ticket as `actor_json` ({"id", "name", "role", "unit"}) may see it:
 * contact data of the requester is masked for actors without a need for
 * it. */
JSB_API int jsb_engine_view(const jsb_engine *engine, const char *ticket_id, const char *actor_json,
                            char **out_ticket_json);

/* The ticket's events as a JSON array, masked as for jsb_engine_view(). */
JSB_API int jsb_engine_history(const jsb_engine *engine, const char *ticket_id, const char *actor_json,
                               char **out_events_json);

/* The command types the actor may give on the ticket now, as a JSON array
 * of strings such as ["claim", "return_to_office"]. */
JSB_API int jsb_engine_available_commands(const jsb_engine *engine, const char *ticket_id,
                                          const char *actor_json, char **out_json);

/* Records every SLA warning, breach and escalation due at the engine
 * clock's instant. *out_events_json is the JSON array of events recorded
 * (often []). */
JSB_API int jsb_engine_poll(jsb_engine *engine, char **out_events_json);

/* When poll next has something to record: *out_has is 1 and *out_instant
 * the instant, or *out_has is 0 when nothing is pending. */
JSB_API int jsb_engine_next_wakeup(const jsb_engine *engine, int64_t *out_instant, int *out_has);

/* Ticket numbers matching `query_json`, as a JSON array of strings in
 * ticket order. The query is an object with at least one of
 *
 *   "state": "in_progress": tickets in that state;
 *   "unit": "投资促进局": tickets whose lead unit it is;
 *   "due_before": "2026-03-06T17:00:00+08:00": open tickets with a running
 *           clock due at or before that instant;
 *   "open": true: open tickets;
 *
 * and "limit": n to return at most n numbers. Several members intersect. */
JSB_API int jsb_engine_query(const jsb_engine *engine, const char *query_json, char **out_json);

/* The supervision report (docs/reports.md) over tickets received in
 * [from, to). `options_json` is an object with "from" and "to" (RFC 3339),
 * and optionally "as_of" (default: the engine clock), "format": "json"
 * (default), "text", "csv" or "html", and "language": "zh" or "en" for
 * text, CSV and HTML (default: the handle's language). */
JSB_API int jsb_engine_report(const jsb_engine *engine, const char *options_json, char **out_report);

/* Applies a file of timestamped commands, one JSON object per line
 * (docs/reports.md, `jishiban replay`), moving the manual clock to each
 * line's instant and polling as time passes. Needs a manual clock.
 * `options_json` may be NULL or {"strict": false, "until": "..."}.
 * *out_result_json gives {"lines", "applied", "repeated", "bad",
 * "registered", "sla_events", "stopped", "bad_lines": [{"line", "code",
 * "message"}]} with at most 100 bad lines listed; "stopped" is true when
 * strict mode stopped at a bad line. */
JSB_API int jsb_engine_replay(jsb_engine *engine, const char *path, const char *options_json,
                              char **out_result_json);

/* A delivery callback. `notification_json` is one notification:
 * {"id", "kind", "ticket_id", "sequence", "at", "recipient_role",
 * "recipient_unit", "message_en", "message_zh"}, valid during the call
 * only. Return 0 when it was delivered, anything else when not: it is then
 * offered again later, after a growing delay. The callback may be called
 * again with the same notification after a crash, so a recipient should
 * drop repeats by "id". It may call other engine functions, but closing
 * the engine returns JSB_BUSY and calling jsb_engine_deliver() again
 * returns JSB_INVALID_ARGUMENT. */
typedef int (*jsb_notify_fn)(void *user_data, const char *notification_json);

/* Offers every notification due for delivery at the engine clock's instant
 * to `callback`, in order. `out_delivered` and `out_failed` may be NULL. */
JSB_API int jsb_engine_deliver(jsb_engine *engine, jsb_notify_fn callback, void *user_data,
                               size_t *out_delivered, size_t *out_failed);

/* Notifications in the outbox not yet delivered. */
JSB_API int jsb_engine_undelivered(const jsb_engine *engine, size_t *out_count);

#ifdef __cplusplus
}
#endif

#endif /* JISHIBAN_JISHIBAN_H */
