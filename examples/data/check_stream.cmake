# Runs the stream generator and compares its output, for the tests of
# CMakeLists.txt. Arguments (-D):
#   MODE       committed: generate with the default options and compare with
#              EXPECTED byte for byte.
#              deterministic: generate a small stream twice without the
#              engine check and once with it, and compare the three.
#              bad_option: run with --requests 0 and expect exit status 2,
#              a message naming the value and no output file.
#   GENERATOR  the jishiban_generate_stream program
#   EXPECTED   the committed stream (MODE committed)
#   WORK_DIR   a directory for the generated files

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(generate output)
  execute_process(COMMAND "${GENERATOR}" --out "${output}" ${ARGN}
    RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${GENERATOR} ${ARGN} failed with status ${status}:\n${errors}")
  endif()
endfunction()

function(expect_same_file expected actual)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${expected}" "${actual}" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${actual} differs from ${expected}")
  endif()
endfunction()

if(MODE STREQUAL "committed")
  generate("${WORK_DIR}/requests-2026.jsonl")
  expect_same_file("${EXPECTED}" "${WORK_DIR}/requests-2026.jsonl")
elseif(MODE STREQUAL "deterministic")
  set(options --requests 400 --seed 0x5eed)
  generate("${WORK_DIR}/first.jsonl" ${options} --no-check)
  generate("${WORK_DIR}/second.jsonl" ${options} --no-check)
  generate("${WORK_DIR}/checked.jsonl" ${options})
  expect_same_file("${WORK_DIR}/first.jsonl" "${WORK_DIR}/second.jsonl")
  expect_same_file("${WORK_DIR}/first.jsonl" "${WORK_DIR}/checked.jsonl")
  # 400 requests give about 5000 lines of 300 to 900 bytes.
  file(SIZE "${WORK_DIR}/first.jsonl" size)
  if(size LESS 500000)
    message(FATAL_ERROR "${WORK_DIR}/first.jsonl has only ${size} bytes for 400 requests")
  endif()
elseif(MODE STREQUAL "bad_option")
  execute_process(COMMAND "${GENERATOR}" --requests 0 --out "${WORK_DIR}/bad.jsonl"
    RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 2)
    message(FATAL_ERROR "--requests 0 exited with status ${status}, expected 2")
  endif()
  if(NOT errors MATCHES "--requests must be a whole number from 1 to 100000000, not \"0\"")
    message(FATAL_ERROR "--requests 0 gave an unexpected message:\n${errors}")
  endif()
  if(EXISTS "${WORK_DIR}/bad.jsonl" OR EXISTS "${WORK_DIR}/bad.jsonl.partial")
    message(FATAL_ERROR "--requests 0 left an output file in ${WORK_DIR}")
  endif()
else()
  message(FATAL_ERROR "unknown MODE \"${MODE}\"")
endif()
