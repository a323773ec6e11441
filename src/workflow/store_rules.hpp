// Checks and errors that every TicketStore implementation shares, so the
// in-memory and SQLite stores reject the same writes with the same words.
#ifndef JISHIBAN_SRC_WORKFLOW_STORE_RULES_HPP
#define JISHIBAN_SRC_WORKFLOW_STORE_RULES_HPP

#include <cstdint>
#include <optional>
#include <string>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/event.hpp"
#include "jishiban/workflow/store.hpp"
#include "jishiban/workflow/ticket.hpp"

namespace jishiban::detail {

// Throws Error{invalid_argument} when a key is malformed or comes with an
// event that does not create a ticket. Keys are never quoted in messages,
// because an e-mail Message-ID may carry an address.
void check_idempotency_key(const StoreWrite& write);

// Throws Error{conflict}: the key already belongs to ticket `owner`.
[[noreturn]] void raise_key_conflict(const std::string& owner);

// Returns the earliest due instant of an open ticket's running clocks,
// skipping paused ones, or std::nullopt when no clock is counting.
std::optional<Instant> earliest_due(const Ticket& ticket);

// Throws Error{invalid_argument} when the event and ticket disagree on the
// id, or the versions do not follow expected_version, because a mismatch
// would file the event under the wrong ticket or version.
void check_append_arguments(const Event& event, const Ticket& after, std::uint64_t expected_version);

// Runs check_append_arguments and check_idempotency_key, and throws
// Error{invalid_argument} for an enumeration value outside its type (cast
// from an integer), which a store could write but never read back, and
// for two notifications with the same id.
void check_write(const StoreWrite& write);

// Throws Error{conflict} for a stale expected version. `exists` is false
// when the ticket is not stored at all.
[[noreturn]] void raise_conflict(const std::string& ticket_id, bool exists, std::uint64_t stored_version,
                                 std::uint64_t expected_version);

}  // namespace jishiban::detail

#endif  // JISHIBAN_SRC_WORKFLOW_STORE_RULES_HPP
