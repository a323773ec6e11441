/* The library-wide functions: versions, result names, jsb_free, closing
 * NULL, the default language and the thread's last error. */
#include <string.h>

#include "check.h"

void test_library(void) {
  step("versions");
  CHECK(jsb_version() == JSB_VERSION);
  CHECK_STR(JSB_VERSION_STRING, jsb_version_string());
  CHECK(jsb_version() == JSB_VERSION_MAJOR * 10000 + JSB_VERSION_MINOR * 100 + JSB_VERSION_PATCH);

  step("result names");
  {
    static const struct {
      int code;
      const char *name;
    } names[] = {
        {JSB_OK, "ok"},
        {JSB_INVALID_ARGUMENT, "invalid_argument"},
        {JSB_INVALID_DATA, "invalid_data"},
        {JSB_CALENDAR_NOT_COVERED, "calendar_not_covered"},
        {JSB_OUT_OF_RANGE, "out_of_range"},
        {JSB_IO_ERROR, "io_error"},
        {JSB_NOT_FOUND, "not_found"},
        {JSB_CONFLICT, "conflict"},
        {JSB_FORBIDDEN, "forbidden"},
        {JSB_INVALID_TRANSITION, "invalid_transition"},
        {JSB_BUSY, "busy"},
        {JSB_NO_MEMORY, "no_memory"},
        {JSB_INTERNAL, "internal"},
    };
    static const int not_codes[] = {-1, 11, 12, 99, 102, 1000, -2147483647 - 1, 2147483647};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
      CHECK_STR(names[i].name, jsb_result_name(names[i].code));
    }
    for (i = 0; i < sizeof not_codes / sizeof not_codes[0]; ++i) {
      CHECK_STR("unknown", jsb_result_name(not_codes[i]));
    }
  }

  step("jsb_free and closing NULL");
  jsb_free(NULL);
  CHECK_RC(JSB_OK, jsb_calendar_close(NULL));
  CHECK_RC(JSB_OK, jsb_engine_close(NULL));

  step("default language");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_set_default_language(2));
  CHECK(jsb_last_errcode() == JSB_INVALID_ARGUMENT);
  CHECK_CONTAINS(jsb_last_errmsg(), "2");
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_set_default_language(-1));
  CHECK_CONTAINS(jsb_last_errmsg(), "-1");
  CHECK_RC(JSB_OK, jsb_set_default_language(JSB_LANG_ZH));
  CHECK_RC(JSB_INVALID_ARGUMENT, jsb_set_default_language(7));
  CHECK_CONTAINS(jsb_last_errmsg(), "语言 7");
  CHECK_RC(JSB_OK, jsb_set_default_language(JSB_LANG_EN));
  /* The same failure, read again in the new default language. */
  CHECK_CONTAINS(jsb_last_errmsg(), "language 7 is not JSB_LANG_EN (0) or JSB_LANG_ZH (1)");

  step("last error");
  {
    jsb_calendar *calendar = NULL;
    CHECK_RC(JSB_INVALID_ARGUMENT, jsb_calendar_open(NULL, NULL));
    CHECK(jsb_last_errcode() == JSB_INVALID_ARGUMENT);
    CHECK_CONTAINS(jsb_last_errmsg(), "out_calendar");
    /* A successful call leaves the last failure as it was. */
    CHECK_RC(JSB_OK, jsb_calendar_open(NULL, &calendar));
    CHECK(jsb_last_errcode() == JSB_INVALID_ARGUMENT);
    CHECK_CONTAINS(jsb_last_errmsg(), "out_calendar");
    /* A handle without a failure has no message. */
    CHECK_STR("", jsb_calendar_errmsg(calendar));
    CHECK_RC(JSB_OK, jsb_calendar_close(calendar));
    /* NULL handles give the thread's last message. */
    CHECK_STR(jsb_last_errmsg(), jsb_calendar_errmsg(NULL));
    CHECK_STR(jsb_last_errmsg(), jsb_engine_errmsg(NULL));
  }
}
