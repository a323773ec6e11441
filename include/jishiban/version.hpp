// Library version. CMake reads the three numbers below, so they are the
// single source of the version.
#ifndef JISHIBAN_VERSION_HPP
#define JISHIBAN_VERSION_HPP

#define JISHIBAN_VERSION_MAJOR 0
#define JISHIBAN_VERSION_MINOR 1
#define JISHIBAN_VERSION_PATCH 0

// Combined version number: major * 10000 + minor * 100 + patch.
#define JISHIBAN_VERSION \
  (JISHIBAN_VERSION_MAJOR * 10000 + JISHIBAN_VERSION_MINOR * 100 + JISHIBAN_VERSION_PATCH)

namespace jishiban {

// Returns JISHIBAN_VERSION as compiled into the library, so a host can check
// that the headers it was built with match the library it runs against.
int library_version() noexcept;

}  // namespace jishiban

#endif  // JISHIBAN_VERSION_HPP
