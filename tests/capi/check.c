/* Checks, scratch folders and JSON text helpers (see check.h). */
#include "check.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long check_count = 0;
long check_failures = 0;
char untouched[] = "untouched";

static void report_failure(const char *file, int line) {
  ++check_failures;
  fprintf(stderr, "%s:%d: check failed\n", file, line);
}

void check_true_at(int ok, const char *expression, const char *file, int line) {
  ++check_count;
  if (!ok) {
    report_failure(file, line);
    fprintf(stderr, "  expected true: %s\n", expression);
  }
}

void check_rc_at(int expected, int actual, const char *call, const char *file, int line) {
  ++check_count;
  if (expected != actual) {
    report_failure(file, line);
    fprintf(stderr, "  %s\n  returned %s (%d), expected %s (%d)\n", call, jsb_result_name(actual), actual,
            jsb_result_name(expected), expected);
    if (actual != JSB_OK) {
      fprintf(stderr, "  message: %s\n", jsb_last_errmsg());
    }
  }
}

void check_i64_at(int64_t expected, int64_t actual, const char *expression, const char *file, int line) {
  ++check_count;
  if (expected != actual) {
    report_failure(file, line);
    fprintf(stderr, "  %s is %lld, expected %lld\n", expression, (long long)actual, (long long)expected);
  }
}

void check_str_at(const char *expected, const char *actual, const char *expression, const char *file, int line) {
  const int same = (expected == NULL || actual == NULL) ? expected == actual : strcmp(expected, actual) == 0;
  ++check_count;
  if (!same) {
    report_failure(file, line);
    fprintf(stderr, "  %s is \"%s\"\n  expected \"%s\"\n", expression, actual ? actual : "(NULL)",
            expected ? expected : "(NULL)");
  }
}

void check_contains_at(const char *text, const char *part, int expected, const char *expression, const char *file,
                       int line) {
  const int found = text != NULL && strstr(text, part) != NULL;
  ++check_count;
  if (found != expected) {
    report_failure(file, line);
    fprintf(stderr, "  %s %s \"%s\":\n  %s\n", expression, expected ? "does not contain" : "contains", part,
            text ? text : "(NULL)");
  }
}

void step(const char *name) {
  printf("-- %s\n", name);
  fflush(stdout);
}

void scratch_create(char *out, size_t size) {
  const char *base = getenv("TMPDIR");
  if (base == NULL || *base == '\0') {
    base = "/tmp";
  }
  if ((size_t)snprintf(out, size, "%s/jishiban-capi-XXXXXX", base) >= size || mkdtemp(out) == NULL) {
    perror("creating a scratch folder");
    abort();
  }
}

void scratch_remove(const char *path) {
  DIR *dir = opendir(path);
  struct dirent *entry;
  char file[4096];
  if (dir == NULL) {
    return;
  }
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
      continue;
    }
    path_join(file, sizeof file, path, entry->d_name);
    if (unlink(file) != 0) {
      perror(file);
    }
  }
  closedir(dir);
  if (rmdir(path) != 0) {
    perror(path);
  }
}

void path_join(char *out, size_t size, const char *dir, const char *name) {
  if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size) {
    fprintf(stderr, "path too long: %s/%s\n", dir, name);
    abort();
  }
}

void write_file(const char *path, const char *text) {
  FILE *file = fopen(path, "wb");
  if (file == NULL || fputs(text, file) < 0 || fclose(file) != 0) {
    perror(path);
    abort();
  }
}

char *text_format(const char *format, ...) {
  va_list arguments;
  va_list again;
  int length;
  char *text;

  va_start(arguments, format);
  va_copy(again, arguments);
  length = vsnprintf(NULL, 0, format, arguments);
  va_end(arguments);
  if (length < 0) {
    abort();
  }
  text = malloc((size_t)length + 1);
  if (text == NULL) {
    abort();
  }
  vsnprintf(text, (size_t)length + 1, format, again);
  va_end(again);
  return text;
}

/* The first character after `"key":` in `json`, or NULL. */
static const char *member_value(const char *json, const char *key) {
  char pattern[128];
  const char *found;
  if (json == NULL || (size_t)snprintf(pattern, sizeof pattern, "\"%s\":", key) >= sizeof pattern) {
    return NULL;
  }
  found = strstr(json, pattern);
  return found ? found + strlen(pattern) : NULL;
}

int json_string(const char *json, const char *key, char *out, size_t size) {
  const char *value = member_value(json, key);
  const char *end;
  size_t length;
  out[0] = '\0';
  if (value == NULL || *value != '"') {
    return 0;
  }
  ++value;
  end = strchr(value, '"');
  if (end == NULL) {
    return 0;
  }
  length = (size_t)(end - value);
  if (length >= size) {
    length = size - 1;
  }
  memcpy(out, value, length);
  out[length] = '\0';
  return 1;
}

int64_t json_integer(const char *json, const char *key, int64_t fallback) {
  const char *value = member_value(json, key);
  char *end = NULL;
  long long number;
  if (value == NULL) {
    return fallback;
  }
  number = strtoll(value, &end, 10);
  return end == value ? fallback : (int64_t)number;
}

int json_array_length(const char *json) {
  int depth = 0;
  int count = 0;
  int in_string = 0;
  const char *p;
  if (json == NULL || json[0] != '[') {
    return -1;
  }
  for (p = json; *p != '\0'; ++p) {
    if (in_string) {
      if (*p == '\\' && p[1] != '\0') {
        ++p;
      } else if (*p == '"') {
        in_string = 0;
      }
      continue;
    }
    if (*p == '"') {
      in_string = 1;
      if (depth == 1 && count == 0) {
        count = 1;
      }
    } else if (*p == '[' || *p == '{') {
      if (depth == 1 && count == 0) {
        count = 1;
      }
      ++depth;
    } else if (*p == ']' || *p == '}') {
      if (--depth == 0) {
        break; /* the end of the array */
      }
    } else if (*p == ',' && depth == 1) {
      ++count;
    } else if (depth == 1 && count == 0 && *p != ' ') {
      count = 1; /* a number or literal as the first element */
    }
  }
  return count;
}

int json_member_array_length(const char *json, const char *key) {
  const char *value = member_value(json, key);
  return value ? json_array_length(value) : -1;
}

int64_t instant_of(const char *text) {
  jsb_calendar *calendar = NULL;
  int64_t instant = 0;
  if (jsb_calendar_open(NULL, &calendar) != JSB_OK || jsb_calendar_parse_instant(calendar, text, &instant) != JSB_OK) {
    fprintf(stderr, "cannot read the instant %s: %s\n", text, jsb_last_errmsg());
    abort();
  }
  jsb_calendar_close(calendar);
  return instant;
}

void format_instant(int64_t instant, char *out, size_t size) {
  jsb_calendar *calendar = NULL;
  char *text = NULL;
  if (jsb_calendar_open(NULL, &calendar) != JSB_OK || jsb_calendar_format_instant(calendar, instant, &text) != JSB_OK) {
    snprintf(out, size, "(instant %lld: %s)", (long long)instant, jsb_last_errmsg());
  } else {
    snprintf(out, size, "%s", text);
  }
  jsb_free(text);
  jsb_calendar_close(calendar);
}
