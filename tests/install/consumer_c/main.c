/* Links libjishiban.so from an installed package and computes one deadline:
 * 60 working minutes from Wednesday 2026-09-30 16:50, before the National
 * Day holiday, fall due on 2026-10-08 at 09:20. */
#include <jishiban/jishiban.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  jsb_calendar *calendar = NULL;
  int64_t start = 0;
  int64_t due = 0;
  char *text = NULL;
  int ok = 0;

  if (jsb_version() != JSB_VERSION) {
    fprintf(stderr, "header %d, library %d\n", JSB_VERSION, jsb_version());
    return 1;
  }
  if (jsb_calendar_open(NULL, &calendar) != JSB_OK) {
    fprintf(stderr, "%s\n", jsb_last_errmsg());
    return 1;
  }
  if (jsb_calendar_parse_instant(calendar, "2026-09-30T16:50", &start) == JSB_OK &&
      jsb_calendar_add_working_seconds(calendar, start, 60 * 60, &due, NULL) == JSB_OK &&
      jsb_calendar_format_instant(calendar, due, &text) == JSB_OK) {
    printf("due %s\n", text);
    ok = strcmp(text, "2026-10-08T09:20:00+08:00") == 0;
  } else {
    fprintf(stderr, "%s\n", jsb_calendar_errmsg(calendar));
  }
  jsb_free(text);
  jsb_calendar_close(calendar);
  return ok ? 0 : 1;
}
