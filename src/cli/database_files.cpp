#include "cli/database_files.hpp"

#include <filesystem>
#include <system_error>

#include "cli/messages.hpp"
#include "jishiban/error.hpp"

namespace jishiban::cli {

namespace fs = std::filesystem;

bool same_file(const std::string& first, const std::string& second) {
  std::error_code error;
  if (fs::exists(first, error) && fs::exists(second, error)) {
    return fs::equivalent(first, second, error);
  }
  // Either file may be created later, so compare the resolved absolute
  // paths. weakly_canonical leaves a relative path relative when none of
  // it exists.
  const fs::path resolved_first = fs::weakly_canonical(fs::absolute(first, error), error);
  const fs::path resolved_second = fs::weakly_canonical(fs::absolute(second, error), error);
  return !error && resolved_first == resolved_second;
}

void reject_database_file(const std::string& database, std::string_view option, const std::string& target) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (same_file(target, database + suffix)) {
      throw Error(ErrorCode::invalid_argument,
                  translate(Language::en, Message::target_is_database_file, {option, target, database}),
                  translate(Language::zh_CN, Message::target_is_database_file, {option, target, database}));
    }
  }
}

void reject_empty_file(const std::string& path) {
  std::error_code error;
  if (fs::is_regular_file(path, error) && fs::file_size(path, error) == 0 && !error) {
    throw Error(ErrorCode::invalid_data, translate(Language::en, Message::database_file_empty, {path}),
                translate(Language::zh_CN, Message::database_file_empty, {path}));
  }
}

}  // namespace jishiban::cli
