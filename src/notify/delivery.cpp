#include "jishiban/workflow/delivery.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "jishiban/error.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/workflow/notification_json.hpp"

namespace jishiban {

namespace {

// Notifications read from the outbox at a time.
constexpr std::size_t kBatch = 64;

[[noreturn]] void raise_io(const std::string& path, const std::string& doing_en, const std::string& doing_zh,
                           int error_number) {
  const std::string quoted = quote_for_message(path);
  const std::string reason = std::strerror(error_number);
  throw Error(ErrorCode::io_error,
              doing_en + " " + quoted + " failed: " + reason + "; check the path, its permissions and free space",
              doing_zh + " " + quoted + " 失败：" + reason + "；请检查路径、权限和剩余空间");
}

}  // namespace

std::chrono::seconds retry_delay(int failures, const DeliveryPolicy& policy) {
  std::chrono::seconds delay = policy.first_retry;
  for (int i = 1; i < failures && delay < policy.longest_retry; ++i) {
    delay *= 2;
  }
  return std::min(delay, policy.longest_retry);
}

DeliveryResult deliver_pending(TicketStore& store, Notifier& notifier, Instant now, const DeliveryPolicy& policy) {
  DeliveryResult result;
  for (;;) {
    const std::vector<OutboxEntry> batch = store.pending_notifications(now, kBatch);
    for (const OutboxEntry& entry : batch) {
      const Notification& next = *entry.notification;
      bool accepted = false;
      try {
        notifier.notify(next);
        accepted = true;
      } catch (...) {
        // The receiver's failure is not this call's: record it, and go on
        // with the others, which may go to other receivers.
      }
      if (accepted) {
        store.mark_delivered(next.id, now);
        ++result.delivered;
      } else {
        store.record_failed_delivery(next.id, now, now + retry_delay(entry.attempts + 1, policy));
        ++result.failed;
      }
    }
    // Each entry offered is now delivered or waits for a later instant, so
    // a full batch means there may be more.
    if (batch.size() < kBatch) {
      return result;
    }
  }
}

JsonLinesNotifier::JsonLinesNotifier(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    raise_io(path_, "opening the notification file", "打开通知文件", errno);
  }
}

JsonLinesNotifier::~JsonLinesNotifier() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void JsonLinesNotifier::notify(const Notification& n) {
  const std::string text = to_json(n) + "\n";

  // One write(2) per line on a file opened with O_APPEND, so lines of
  // several writers do not interleave.
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(fd_, text.data() + written, text.size() - written);
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      raise_io(path_, "writing to the notification file", "写入通知文件", errno);
    }
    written += static_cast<std::size_t>(count);
  }
  if (::fsync(fd_) != 0) {
    raise_io(path_, "syncing the notification file", "同步通知文件", errno);
  }
}

}  // namespace jishiban
