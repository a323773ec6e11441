# Defines the libFuzzer target of the C ABI in the sanitizer build tree
# (tests/capi/sanitized, configured with clang and
# -fsanitize=fuzzer-no-link,address,undefined in CMAKE_C_FLAGS and
# CMAKE_CXX_FLAGS). The target links the C ABI's sources statically:
# clang puts the sanitizer runtimes into executables only, so a shared
# libjishiban.so would fail its --no-undefined link.
get_filename_component(_jishiban_root "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

# Imported targets are visible only in the directory that found them.
find_package(nlohmann_json 3.10 REQUIRED)

get_target_property(_capi_sources jishiban_c SOURCES)
get_target_property(_capi_source_dir jishiban_c SOURCE_DIR)
list(TRANSFORM _capi_sources PREPEND "${_capi_source_dir}/")
add_library(jishiban_c_static STATIC ${_capi_sources})
set_target_properties(jishiban_c_static PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
target_include_directories(jishiban_c_static
  PUBLIC "${_jishiban_root}/include"
  PRIVATE "${_jishiban_root}/src")
target_link_libraries(jishiban_c_static PUBLIC jishiban::jishiban nlohmann_json::nlohmann_json)

add_executable(jishiban_capi_execute_fuzzer "${CMAKE_CURRENT_LIST_DIR}/capi_execute_fuzzer.c")
set_target_properties(jishiban_capi_execute_fuzzer PROPERTIES
  C_STANDARD 99
  C_STANDARD_REQUIRED ON
  C_EXTENSIONS OFF
  # libFuzzer and the C++ library need the C++ runtime at link time.
  LINKER_LANGUAGE CXX)
target_compile_definitions(jishiban_capi_execute_fuzzer PRIVATE _POSIX_C_SOURCE=200809L)
target_compile_options(jishiban_capi_execute_fuzzer PRIVATE -Wall -Wextra -pedantic -Werror)
target_link_options(jishiban_capi_execute_fuzzer PRIVATE -fsanitize=fuzzer)
target_link_libraries(jishiban_capi_execute_fuzzer PRIVATE jishiban_c_static)
