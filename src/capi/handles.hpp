// The C ABI's handles, error slots and the guard every exported function
// runs its body in. Private to libjishiban.so.
//
// Errors: a failed call records its code and both messages twice in the
// calling thread, once in the slot for the handle and once as the thread's
// last error. Slots are found by the handle's serial number, so a new handle
// at a freed one's address never shows the old message. Nothing is shared
// between threads, so recording needs no lock, and the message pointers the
// ABI hands out stay valid until the same thread's next call on the handle.
#ifndef JISHIBAN_SRC_CAPI_HANDLES_HPP
#define JISHIBAN_SRC_CAPI_HANDLES_HPP

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "jishiban/calendar/calendar.hpp"
#include "jishiban/error.hpp"
#include "jishiban/jishiban.h"
#include "jishiban/workflow/clock.hpp"
#include "jishiban/workflow/engine.hpp"
#include "jishiban/workflow/notifier.hpp"

namespace jishiban::capi {

// Marks a live handle of each kind. A call on a closed handle, or on a
// pointer of the wrong kind, usually finds another value here and fails
// with JSB_INVALID_ARGUMENT instead of reading freed memory as a handle.
// (Usually: after free the memory may hold anything.)
inline constexpr std::uint32_t kCalendarMagic = 0x4A53'4243;  // "JSBC"
inline constexpr std::uint32_t kEngineMagic = 0x4A53'4245;    // "JSBE"

struct HandleBase {
  explicit HandleBase(std::uint32_t kind);

  std::uint32_t magic;
  std::uint64_t serial;                      // unique per handle over the process's life
  std::atomic<int> language;                 // JSB_LANG_EN or JSB_LANG_ZH
  mutable std::atomic<int> active_calls{0};  // calls running now; -1 once closing
};

// Messages of a failed call.
struct Failure {
  int code = JSB_OK;
  std::string message_en;
  std::string message_zh;
};

// Records `failure` for `handle` (may be null) and as the thread's last
// error, and returns its code. Never throws: when memory runs out while
// copying the messages, the code is still recorded.
int record_failure(const HandleBase* handle, Failure failure) noexcept;

// Returns the message of this thread's last failed call on `handle` in the
// handle's language, or "" when none failed. For null it returns the
// message of the thread's last failed call on any handle, in the default
// language.
const char* failure_message(const HandleBase* handle) noexcept;

// The code of this thread's last failed call, JSB_OK when none failed.
int last_failure_code() noexcept;

// The process default of JSB_LANG_EN or JSB_LANG_ZH: LANG, read once,
// until set_default_language.
int default_language() noexcept;
void set_default_language(int language) noexcept;
Language to_language(int language) noexcept;

// Throws Error{invalid_argument} naming the argument when `pointer` is null.
template <class T>
void require(const T* pointer, const char* name) {
  if (pointer == nullptr) {
    throw Error(ErrorCode::invalid_argument,
                std::string("argument ") + name + " is NULL; pass a valid pointer",
                std::string("参数 ") + name + " 为 NULL；请传入有效的指针");
  }
}

// Sets a caller's out-pointer to null before anything else, so that it is
// null after every failure, a bad handle included.
template <class T>
void reset_output(T** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
}

// Throws Error{invalid_argument} when `text` is not valid UTF-8.
void require_utf8(const char* text, const char* name);

// A string to hand to the caller through `char **`: malloc'ed, so jsb_free
// is free(3), and NUL-terminated.
char* duplicate(std::string_view text);

// Counts a call on a live handle for the handle's close; throws
// Error{invalid_argument} for null or a pointer that is not a live handle of
// the kind.
class CallScope {
 public:
  CallScope(const HandleBase* handle, std::uint32_t kind, const char* name);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  HandleBase* handle_;
};

// Runs `body` and turns every exception into a result code recorded for
// `handle`. The body sets the caller's out-pointers itself, last, so a
// failure leaves them as they were.
template <class Body>
int guarded(const HandleBase* handle, Body&& body) noexcept {
  try {
    body();
    return JSB_OK;
  } catch (const Error& error) {
    try {
      return record_failure(handle, Failure{static_cast<int>(error.code()), error.message(Language::en),
                                            error.message(Language::zh_CN)});
    } catch (...) {
      return record_failure(handle, Failure{static_cast<int>(error.code()), {}, {}});
    }
  } catch (const std::bad_alloc&) {
    return record_failure(handle, Failure{JSB_NO_MEMORY, {}, {}});
  } catch (const std::exception& error) {
    try {
      return record_failure(handle,
                            Failure{JSB_INTERNAL, std::string("unexpected failure: ") + error.what(),
                                    std::string("意外的失败：") + error.what()});
    } catch (...) {
      return record_failure(handle, Failure{JSB_INTERNAL, {}, {}});
    }
  } catch (...) {
    return record_failure(handle, Failure{JSB_INTERNAL, {}, {}});
  }
}

// Closes a handle made with `new`: JSB_BUSY while calls run on it.
template <class Handle>
int close_handle(Handle* handle, std::uint32_t kind, const char* name) noexcept {
  if (handle == nullptr) {
    return JSB_OK;
  }
  const int checked = guarded(nullptr, [&] {
    if (handle->magic != kind) {
      throw Error(ErrorCode::invalid_argument,
                  std::string(name) + " is not an open handle (closed already, or another kind of pointer)",
                  std::string(name) + " 不是打开的句柄（已关闭，或是其他类型的指针）");
    }
  });
  if (checked != JSB_OK) {
    return checked;
  }

  // The handle is live, so a refusal is recorded for it too.
  return guarded(handle, [&] {
    int idle = 0;
    if (!handle->active_calls.compare_exchange_strong(idle, -1, std::memory_order_acq_rel)) {
      throw Error(ErrorCode::busy,
                  std::string(name) +
                      " is inside a call (on another thread, or this thread's callback); close it after that call "
                      "returns",
                  std::string(name) + " 正在被调用（另一线程，或本线程的回调）；请在该调用返回后再关闭");
    }
    handle->magic = 0;
    delete handle;
  });
}

}  // namespace jishiban::capi

struct jsb_calendar : jishiban::capi::HandleBase {
  explicit jsb_calendar(jishiban::Calendar value);

  jishiban::Calendar calendar;
};

// Hands nothing on: the C engine keeps notifications in the outbox for
// jsb_engine_deliver, so the engine never calls this one.
class OutboxOnlyNotifier final : public jishiban::Notifier {
 public:
  void notify(const jishiban::Notification& notification) override;
};

struct jsb_engine : jishiban::capi::HandleBase {
  jsb_engine();
  ~jsb_engine();

  jishiban::Calendar calendar;
  jishiban::SystemClock system_clock;
  std::unique_ptr<jishiban::ManualClock> manual_clock;  // null for the system clock
  const jishiban::Clock* clock = nullptr;
  OutboxOnlyNotifier notifier;
  std::unique_ptr<jishiban::Engine> engine;
};

#endif  // JISHIBAN_SRC_CAPI_HANDLES_HPP
