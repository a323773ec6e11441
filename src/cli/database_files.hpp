// Paths the commands that write files must not touch: a database and the
// files SQLite keeps beside it.
#ifndef JISHIBAN_CLI_DATABASE_FILES_HPP
#define JISHIBAN_CLI_DATABASE_FILES_HPP

#include <string>
#include <string_view>

namespace jishiban::cli {

// Returns whether `first` and `second` name the same file, also through
// links or before either exists.
bool same_file(const std::string& first, const std::string& second);

// Throws Error{invalid_argument} naming `option` when `target` is the
// database or its -wal, -shm or -journal file: writing there destroys the
// live database, or SQLite deletes the written file when it next opens the
// database.
void reject_database_file(const std::string& database, std::string_view option, const std::string& target);

// Throws Error{invalid_data} when `path` is an existing empty file, which
// SqliteStore would take for a new database and fill with the schema.
void reject_empty_file(const std::string& path);

}  // namespace jishiban::cli

#endif  // JISHIBAN_CLI_DATABASE_FILES_HPP
