# Defines the C test program of the C ABI. Included by tests/capi (the
# normal build) and by tests/capi/sanitized (the sanitizer build), so both
# compile it the same way: C99, pedantic, warnings as errors, linked with
# libjishiban.so alone.
find_package(Threads REQUIRED)

function(jishiban_add_capi_test_program target)
  set(_dir "${JISHIBAN_CAPI_TEST_SOURCE_DIR}")
  add_executable(${target}
    "${_dir}/main.c"
    "${_dir}/check.c"
    "${_dir}/test_library.c"
    "${_dir}/test_calendar.c"
    "${_dir}/test_calendar_batch.c"
    "${_dir}/test_engine_open.c"
    "${_dir}/test_engine_errors.c"
    "${_dir}/test_lifecycle.c"
    "${_dir}/test_query_report.c"
    "${_dir}/test_replay.c"
    "${_dir}/test_deliver.c"
    "${_dir}/test_messages.c"
    "${_dir}/test_threads.c"
    "${_dir}/test_source_id.c"
    "${_dir}/engine_support.c")
  set_target_properties(${target} PROPERTIES
    C_STANDARD 99
    C_STANDARD_REQUIRED ON
    C_EXTENSIONS OFF)
  # mkdtemp, opendir and the pthread functions are POSIX.1-2008.
  target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200809L)
  target_compile_options(${target} PRIVATE -std=c99 -Wall -Wextra -pedantic -Werror)
  target_link_libraries(${target} PRIVATE jishiban::jishiban_c Threads::Threads)
endfunction()

set(JISHIBAN_CAPI_TEST_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}")
