// Delivering the store's outbox: a host's own delivery loop, with retries
// that back off, and a notifier that appends to a JSON-lines file.
//
// The engine offers new notifications itself after each command and poll,
// and retries a failed one on its next call. A host that runs delivery on
// its own schedule (another thread or process, or `jishiban notify`) calls
// deliver_pending instead, which spaces out the retries of a failing
// receiver.
#ifndef JISHIBAN_WORKFLOW_DELIVERY_HPP
#define JISHIBAN_WORKFLOW_DELIVERY_HPP

#include <chrono>
#include <cstddef>
#include <string>

#include "jishiban/time/instant.hpp"
#include "jishiban/workflow/notifier.hpp"
#include "jishiban/workflow/store.hpp"

namespace jishiban {

struct DeliveryPolicy {
  // The wait after the first failure, doubled after each further one up
  // to `longest_retry`.
  std::chrono::seconds first_retry{30};
  std::chrono::seconds longest_retry{3600};
};

// The wait before the next attempt after `failures` failed deliveries
// (at least 1): first_retry * 2^(failures - 1), at most longest_retry.
std::chrono::seconds retry_delay(int failures, const DeliveryPolicy& policy = {});

struct DeliveryResult {
  std::size_t delivered = 0;
  std::size_t failed = 0;
};

// Offers every notification of the store's outbox that is due at `now` to
// `notifier`, oldest first. A notification the notifier accepts is marked
// delivered. When the notifier throws, the failure is recorded, and that
// notification waits retry_delay before it is offered again; the others
// are still offered. Delivery is at least once: a crash between a delivery
// and its record repeats it, with the same stable id. Throws what the
// store throws.
DeliveryResult deliver_pending(TicketStore& store, Notifier& notifier, Instant now,
                               const DeliveryPolicy& policy = {});

// Appends each notification to a file as one line of JSON (id, kind,
// ticket_id, sequence, at, recipient_role, recipient_unit, message_en,
// message_zh) and waits for fsync, so an accepted notification survives a
// crash. A receiver drops lines whose id it has seen.
class JsonLinesNotifier final : public Notifier {
 public:
  // Opens or creates `path` for appending, readable by its owner only.
  // Throws Error{io_error} naming the path.
  explicit JsonLinesNotifier(const std::string& path);
  ~JsonLinesNotifier() override;

  JsonLinesNotifier(const JsonLinesNotifier&) = delete;
  JsonLinesNotifier& operator=(const JsonLinesNotifier&) = delete;

  // Throws Error{io_error} when the line cannot be written or synced.
  void notify(const Notification& notification) override;

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_DELIVERY_HPP
