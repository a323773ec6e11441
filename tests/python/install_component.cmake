# Runs `cmake --install --component python` into PREFIX, then imports the
# package from PACKAGE_DIR in a fresh interpreter whose path holds only that
# folder and the standard library, and prints one computed deadline.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --component python --prefix "${PREFIX}" --config "${CONFIG}"
  RESULT_VARIABLE _result)
if(NOT _result EQUAL 0)
  message(FATAL_ERROR "cmake --install --component python failed: ${_result}")
endif()

set(_script [=[
import datetime, sys
import jishiban
assert jishiban.__file__.startswith(sys.argv[1]), jishiban.__file__
due = jishiban.Calendar().add_working_minutes(datetime.datetime(2026, 9, 30, 16, 50), 60)
print(f"installed jishiban {jishiban.__version__} from {jishiban.__file__}: {due.isoformat()}")
]=])
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env --unset=PYTHONPATH "PYTHONPATH=${PACKAGE_DIR}" PYTHONDONTWRITEBYTECODE=1
          "${PYTHON}" -I -c "import sys; sys.path.insert(0, sys.argv[1]); exec(sys.argv[2])" "${PACKAGE_DIR}" "${_script}"
  RESULT_VARIABLE _result)
if(NOT _result EQUAL 0)
  message(FATAL_ERROR "importing the installed package failed: ${_result}")
endif()
