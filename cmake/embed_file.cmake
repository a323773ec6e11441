# Writes OUTPUT, a C++ source that defines
#   std::string_view jishiban::detail::SYMBOL()
# returning the bytes of INPUT. Run as: cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed_file.cmake
file(READ "${INPUT}" _hex HEX)
string(LENGTH "${_hex}" _hex_length)
math(EXPR _size "${_hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
# Break the array into lines of 16 bytes so compilers and editors cope.
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" _bytes "${_bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\n"
"#include <string_view>\n\n"
"namespace jishiban::detail {\n\n"
"namespace {\n"
"const unsigned char kBytes[${_size} + 1] = {\n${_bytes}0x00};\n"
"}  // namespace\n\n"
"std::string_view ${SYMBOL}() noexcept { return std::string_view(reinterpret_cast<const char*>(kBytes), ${_size}); }\n\n"
"}  // namespace jishiban::detail\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
