/* A hotline console in C on the C ABI (jishiban.h, libjishiban.so).
 *
 * A service officer takes a call on the afternoon before the National Day
 * holiday. She registers the request and drafts a work order to the
 * investment promotion bureau, and the office leader approves the dispatch.
 * After the holiday the bureau's leader claims the ticket and assigns a
 * handler. The console prints each step with the deadlines and the working
 * time left, and delivers the notifications through a callback that prints
 * them. Last it shows the requester's contact data as the officer, the
 * named handler and another handler of the bureau may see it.
 *
 * Usage: jishiban_example_hotline_console [DIRECTORY] [--lang zh|en]
 * The database is created in a new folder under DIRECTORY (default: $TMPDIR
 * or /tmp) and removed at the end. The output is in Chinese when --lang zh
 * is given or LANG starts with "zh", otherwise in English. */
#include <jishiban/jishiban.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UNIT "投资促进局"
#define OFFICER "{\"id\":\"s01\",\"name\":\"王芳\",\"role\":\"service_officer\"}"
#define OFFICE_LEADER "{\"id\":\"l01\",\"name\":\"李主任\",\"role\":\"office_leader\"}"
#define UNIT_LEADER "{\"id\":\"u01\",\"name\":\"赵局长\",\"role\":\"unit_leader\",\"unit\":\"" UNIT "\"}"
#define HANDLER "{\"id\":\"h01\",\"name\":\"孙敏\",\"role\":\"handler\",\"unit\":\"" UNIT "\"}"
#define OTHER_HANDLER "{\"id\":\"h02\",\"name\":\"周强\",\"role\":\"handler\",\"unit\":\"" UNIT "\"}"

/* Every line the console prints, in English and Chinese. */
struct texts {
  const char *title;
  const char *registers;
  const char *drafts;
  const char *approves;
  const char *claims;
  const char *state;
  const char *dispatch_deadline;
  const char *reply_deadline;
  const char *left;
  const char *notifications;
  const char *notify_to;
  const char *delivered;
  const char *requester_as_seen;
  const char *seen_by_officer;
  const char *seen_by_handler;
  const char *seen_by_other_handler;
  const char *failed;
};

static const struct texts english = {
    "jishiban hotline console (libjishiban %s)\n",
    "service officer 王芳 registers a phoned-in request",
    "service officer 王芳 drafts a general work order to " UNIT,
    "office leader 李主任 approves the dispatch",
    "unit leader 赵局长 claims the ticket and assigns handler 孙敏 (h01)",
    "  ticket %s, state %s\n",
    "  dispatch deadline %s (10 working minutes from the call)",
    "  reply deadline %s (2 working days after the dispatch)",
    ", %lld working minutes left\n",
    "notifications:\n",
    "  to %s%s%s: %s\n",
    "  delivered %zu, failed %zu\n",
    "the requester as each actor sees it:\n",
    "  service officer 王芳:        ",
    "  named handler 孙敏:          ",
    "  handler 周强 (not assigned): ",
    "failed: %s\n",
};

static const struct texts chinese = {
    "即时办热线坐席（libjishiban %s）\n",
    "企业服务员王芳登记一件来电诉求",
    "企业服务员王芳拟写一般类工单，主办单位" UNIT,
    "办公室主要领导李主任批准分拨",
    "承办单位主要领导赵局长认领工单，指定经办人孙敏（h01）",
    "  工单 %s，状态 %s\n",
    "  分拨时限 %s（来电后 10 个工作分钟）",
    "  答复时限 %s（分拨后 2 个工作日）",
    "，尚余 %lld 个工作分钟\n",
    "通知：\n",
    "  致 %s%s%s：%s\n",
    "  送达 %zu 条，失败 %zu 条\n",
    "各人看到的诉求人信息：\n",
    "  企业服务员王芳：      ",
    "  指定经办人孙敏：      ",
    "  经办人周强（未指定）：",
    "失败：%s\n",
};

static const struct texts *text = &english;
static int chinese_output = 0;

/* Chinese names of the states and roles (docs/workflow.md); English output
 * shows the identifiers of the API. */
static const char *const chinese_names[][2] = {
    {"registered", "已登记"},
    {"awaiting_office_approval", "待办公室审批"},
    {"declined", "不予受理"},
    {"dispatched", "已分拨"},
    {"in_progress", "办理中"},
    {"suspended", "已挂起"},
    {"plan_under_review", "方案审议中"},
    {"replied", "已答复"},
    {"result_reported", "已反馈"},
    {"awaiting_return_visit", "待回访"},
    {"closed", "已办结"},
    {"archived", "已归档"},
    {"service_officer", "企业服务员"},
    {"office_leader", "办公室主要领导"},
    {"office_supervisor", "督办"},
    {"reviewer", "审核人"},
    {"committee_leader", "管委会领导"},
    {"unit_leader", "承办单位主要领导"},
    {"handler", "经办人"},
    {"discipline_inspection", "纪检工作部"},
    {"report_viewer", "报表查阅人"},
};

/* `name` in the output language. */
static const char *display_name(const char *name) {
  size_t i;
  if (!chinese_output) {
    return name;
  }
  for (i = 0; i < sizeof chinese_names / sizeof chinese_names[0]; ++i) {
    if (strcmp(chinese_names[i][0], name) == 0) {
      return chinese_names[i][1];
    }
  }
  return name;
}

/* Copies the string value of `key` in `json` to `out`, decoding the JSON
 * escapes; the search starts after `after` when that key is given. The
 * library writes compact JSON, so a member is found as "key":"...". Returns
 * 1 when found. */
static int json_string(const char *json, const char *after, const char *key, char *out, size_t size) {
  char pattern[64];
  const char *p = json;
  size_t length = 0;

  out[0] = '\0';
  if (after != NULL) {
    snprintf(pattern, sizeof pattern, "\"%s\":", after);
    p = strstr(p, pattern);
    if (p == NULL) {
      return 0;
    }
  }
  snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
  p = strstr(p, pattern);
  if (p == NULL) {
    return 0;
  }
  for (p += strlen(pattern); *p != '\0' && *p != '"' && length + 4 < size; ++p) {
    if (*p != '\\') {
      out[length++] = *p;
      continue;
    }
    ++p;
    if (*p == 'n') {
      out[length++] = '\n';
    } else if (*p == 't') {
      out[length++] = '\t';
    } else if (*p == 'u') {
      /* Control characters only: the library writes other text as UTF-8. */
      unsigned int code = 0;
      if (sscanf(p + 1, "%4x", &code) == 1) {
        out[length++] = code < 0x80 ? (char)code : '?';
        p += 4;
      }
    } else if (*p != '\0') {
      out[length++] = *p; /* \" \\ \/ */
    } else {
      break;
    }
  }
  out[length] = '\0';
  return 1;
}

static void fail(const char *message) {
  fprintf(stderr, text->failed, message);
  exit(1);
}

/* Sets the manual clock to `when` (RFC 3339) and returns that instant. */
static int64_t move_clock(jsb_engine *engine, const jsb_calendar *calendar, const char *when) {
  int64_t instant = 0;
  if (jsb_calendar_parse_instant(calendar, when, &instant) != JSB_OK) {
    fail(jsb_calendar_errmsg(calendar));
  }
  if (jsb_engine_set_now(engine, instant) != JSB_OK) {
    fail(jsb_engine_errmsg(engine));
  }
  return instant;
}

/* Prints `instant` as RFC 3339 text in the calendar's zone. */
static void print_instant(const char *format, const jsb_calendar *calendar, int64_t instant) {
  char *formatted = NULL;
  if (jsb_calendar_format_instant(calendar, instant, &formatted) != JSB_OK) {
    fail(jsb_calendar_errmsg(calendar));
  }
  printf(format, formatted);
  jsb_free(formatted);
}

/* Runs one command at `when`, prints the step and the ticket's new state,
 * and returns the ticket JSON (free with jsb_free). */
static char *run(jsb_engine *engine, const jsb_calendar *calendar, const char *when, const char *step,
                 const char *command) {
  char *ticket = NULL;
  char id[32];
  char state[64];
  const int64_t now = move_clock(engine, calendar, when);

  print_instant("%s  ", calendar, now);
  printf("%s\n", step);
  if (jsb_engine_execute(engine, command, &ticket) != JSB_OK) {
    fail(jsb_engine_errmsg(engine));
  }
  json_string(ticket, NULL, "id", id, sizeof id);
  json_string(ticket, NULL, "state", state, sizeof state);
  printf(text->state, id, display_name(state));
  return ticket;
}

/* Prints the deadline of the ticket's clock `clock` ("dispatch_clock" or
 * "handling_clock") and the working time from now until it. */
static void print_deadline(jsb_engine *engine, const jsb_calendar *calendar, const char *ticket, const char *clock,
                           const char *format) {
  char due_text[64];
  int64_t due = 0;
  int64_t now = 0;
  int64_t left = 0;

  if (!json_string(ticket, clock, "due", due_text, sizeof due_text) ||
      jsb_calendar_parse_instant(calendar, due_text, &due) != JSB_OK) {
    fail(jsb_calendar_errmsg(calendar));
  }
  if (jsb_engine_now(engine, &now) != JSB_OK) {
    fail(jsb_engine_errmsg(engine));
  }
  if (jsb_calendar_working_seconds_between(calendar, now, due, &left, NULL) != JSB_OK) {
    fail(jsb_calendar_errmsg(calendar));
  }
  print_instant(format, calendar, due);
  printf(text->left, (long long)(left / 60));
}

/* The delivery callback: prints the notification in the console's language
 * and reports it delivered. */
static int print_notification(void *user_data, const char *notification_json) {
  char role[64];
  char unit[256];
  char message[4096];
  (void)user_data;
  json_string(notification_json, NULL, "recipient_role", role, sizeof role);
  json_string(notification_json, NULL, "recipient_unit", unit, sizeof unit);
  json_string(notification_json, NULL, chinese_output ? "message_zh" : "message_en", message, sizeof message);
  printf(text->notify_to, display_name(role), unit[0] ? " " : "", unit, message);
  return 0;
}

/* Prints the requester's name, company and phone as `actor` may see them. */
static void print_requester(const jsb_engine *engine, const char *id, const char *actor, const char *label) {
  char *ticket = NULL;
  char name[256];
  char company[256];
  char phone[64];
  if (jsb_engine_view(engine, id, actor, &ticket) != JSB_OK) {
    fail(jsb_engine_errmsg(engine));
  }
  json_string(ticket, "requester", "name", name, sizeof name);
  json_string(ticket, "requester", "company", company, sizeof company);
  json_string(ticket, "requester", "phone", phone, sizeof phone);
  printf("%s%s, %s, %s\n", label, name, company, phone);
  jsb_free(ticket);
}

static void choose_language(int argc, char **argv, const char **directory) {
  const char *lang = getenv("LANG");
  int i;
  chinese_output = lang != NULL && strncmp(lang, "zh", 2) == 0;
  for (i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
      chinese_output = strcmp(argv[++i], "zh") == 0;
    } else {
      *directory = argv[i];
    }
  }
  text = chinese_output ? &chinese : &english;
  jsb_set_default_language(chinese_output ? JSB_LANG_ZH : JSB_LANG_EN);
}

int main(int argc, char **argv) {
  const char *directory = getenv("TMPDIR");
  char folder[4096];
  char database[4200];
  char id[32];
  char *ticket;
  jsb_calendar *calendar = NULL;
  jsb_engine *engine = NULL;
  size_t delivered = 0;
  size_t failed = 0;

  if (directory == NULL || *directory == '\0') {
    directory = "/tmp";
  }
  choose_language(argc, argv, &directory);
  snprintf(folder, sizeof folder, "%s/jishiban-hotline-XXXXXX", directory);
  if (mkdtemp(folder) == NULL) {
    perror(folder);
    return 1;
  }
  snprintf(database, sizeof database, "%s/hotline.db", folder);

  printf(text->title, jsb_version_string());
  if (jsb_calendar_open(NULL, &calendar) != JSB_OK ||
      jsb_engine_open(database, calendar, "{\"clock\":\"manual\"}", &engine) != JSB_OK) {
    fail(jsb_last_errmsg());
  }

  /* Wednesday 2026-09-30 16:56: four working minutes before the holiday. */
  ticket = run(engine, calendar, "2026-09-30T16:56:00+08:00", text->registers,
               "{\"type\":\"register_request\",\"actor\":" OFFICER ",\"payload\":{\"channel\":\"hotline\","
               "\"requester\":{\"name\":\"张三丰\",\"company\":\"大连普湾建设有限公司\",\"phone\":\"13812345678\"},"
               "\"content\":\"公司计划扩建厂房，想咨询用地审批需要准备哪些材料。\"}}");
  json_string(ticket, NULL, "id", id, sizeof id);
  print_deadline(engine, calendar, ticket, "dispatch_clock", text->dispatch_deadline);
  jsb_free(ticket);

  {
    char command[1024];
    snprintf(command, sizeof command,
             "{\"type\":\"draft\",\"ticket\":\"%s\",\"actor\":" OFFICER
             ",\"payload\":{\"category\":\"general\",\"lead_unit\":\"" UNIT "\"}}",
             id);
    jsb_free(run(engine, calendar, "2026-09-30T16:58:00+08:00", text->drafts, command));

    snprintf(command, sizeof command,
             "{\"type\":\"approve_dispatch\",\"ticket\":\"%s\",\"actor\":" OFFICE_LEADER "}", id);
    ticket = run(engine, calendar, "2026-09-30T16:59:00+08:00", text->approves, command);
    print_deadline(engine, calendar, ticket, "handling_clock", text->reply_deadline);
    jsb_free(ticket);

    /* Thursday 2026-10-08, the first working day after the holiday. */
    snprintf(command, sizeof command,
             "{\"type\":\"claim\",\"ticket\":\"%s\",\"actor\":" UNIT_LEADER
             ",\"payload\":{\"handler_id\":\"h01\",\"handler_name\":\"孙敏\"}}",
             id);
    ticket = run(engine, calendar, "2026-10-08T09:00:00+08:00", text->claims, command);
    print_deadline(engine, calendar, ticket, "handling_clock", text->reply_deadline);
    jsb_free(ticket);
  }

  printf("%s", text->notifications);
  if (jsb_engine_deliver(engine, print_notification, NULL, &delivered, &failed) != JSB_OK) {
    fail(jsb_engine_errmsg(engine));
  }
  printf(text->delivered, delivered, failed);

  printf("%s", text->requester_as_seen);
  print_requester(engine, id, OFFICER, text->seen_by_officer);
  print_requester(engine, id, HANDLER, text->seen_by_handler);
  print_requester(engine, id, OTHER_HANDLER, text->seen_by_other_handler);

  if (jsb_engine_close(engine) != JSB_OK || jsb_calendar_close(calendar) != JSB_OK) {
    fail(jsb_last_errmsg());
  }
  {
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    size_t i;
    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
      char path[4300];
      snprintf(path, sizeof path, "%s%s", database, suffixes[i]);
      unlink(path);
    }
    rmdir(folder);
  }
  return 0;
}
