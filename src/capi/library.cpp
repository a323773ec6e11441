// Handles, error slots and the library-wide functions of the C ABI.
#include <cstdlib>
#include <cstring>
#include <list>
#include <new>
#include <string>
#include <utility>

#include "capi/handles.hpp"
#include "jishiban/text/utf8.hpp"
#include "jishiban/version.hpp"

static_assert(JSB_VERSION_MAJOR == JISHIBAN_VERSION_MAJOR && JSB_VERSION_MINOR == JISHIBAN_VERSION_MINOR &&
                  JSB_VERSION_PATCH == JISHIBAN_VERSION_PATCH,
              "jishiban.h and version.hpp must give the same version");
static_assert(JSB_INVALID_ARGUMENT == static_cast<int>(jishiban::ErrorCode::invalid_argument) &&
                  JSB_INVALID_DATA == static_cast<int>(jishiban::ErrorCode::invalid_data) &&
                  JSB_CALENDAR_NOT_COVERED == static_cast<int>(jishiban::ErrorCode::calendar_not_covered) &&
                  JSB_OUT_OF_RANGE == static_cast<int>(jishiban::ErrorCode::out_of_range) &&
                  JSB_IO_ERROR == static_cast<int>(jishiban::ErrorCode::io_error) &&
                  JSB_NOT_FOUND == static_cast<int>(jishiban::ErrorCode::not_found) &&
                  JSB_CONFLICT == static_cast<int>(jishiban::ErrorCode::conflict) &&
                  JSB_FORBIDDEN == static_cast<int>(jishiban::ErrorCode::forbidden) &&
                  JSB_INVALID_TRANSITION == static_cast<int>(jishiban::ErrorCode::invalid_transition) &&
                  JSB_BUSY == static_cast<int>(jishiban::ErrorCode::busy),
              "the C result codes must equal jishiban::ErrorCode");

namespace jishiban::capi {
namespace {

std::atomic<std::uint64_t> next_serial{1};

// -1 until first read: LANG is read once, on first use.
std::atomic<int> process_language{-1};

// A thread keeps the failures of its last calls on this many handles; one
// on an older handle is forgotten, and its errmsg gives "".
constexpr std::size_t kSlotsPerThread = 16;

struct Slot {
  std::uint64_t serial = 0;
  Failure failure;
};

// A list, not a vector: inserting or erasing one handle's slot must not
// move the strings of the others, whose c_str() the host may still hold.
struct ThreadFailures {
  Failure last;
  std::list<Slot> slots;  // most recent last
};

ThreadFailures& thread_failures() noexcept {
  thread_local ThreadFailures failures;
  return failures;
}

const char* fallback_message(int code, bool chinese) noexcept {
  switch (code) {
    case JSB_NO_MEMORY:
      return chinese ? "内存不足" : "out of memory";
    case JSB_INTERNAL:
      return chinese ? "库内部的意外失败" : "an unexpected failure inside the library";
    default:
      return chinese ? "调用失败（消息因内存不足而丢失）" : "the call failed (its message was lost: out of memory)";
  }
}

const char* choose(const Failure& failure, int language) noexcept {
  if (failure.code == JSB_OK) {
    return "";
  }
  const bool chinese = language == JSB_LANG_ZH;
  const std::string& message = chinese ? failure.message_zh : failure.message_en;
  return message.empty() ? fallback_message(failure.code, chinese) : message.c_str();
}

}  // namespace

HandleBase::HandleBase(std::uint32_t kind)
    : magic(kind), serial(next_serial.fetch_add(1, std::memory_order_relaxed)), language(default_language()) {}

int default_language() noexcept {
  int language = process_language.load(std::memory_order_acquire);
  if (language < 0) {
    const int from_environment = language_from_environment() == Language::zh_CN ? JSB_LANG_ZH : JSB_LANG_EN;
    int unset = -1;
    process_language.compare_exchange_strong(unset, from_environment, std::memory_order_acq_rel);
    language = process_language.load(std::memory_order_acquire);
  }
  return language;
}

void set_default_language(int language) noexcept {
  process_language.store(language, std::memory_order_release);
}

int last_failure_code() noexcept { return thread_failures().last.code; }

Language to_language(int language) noexcept { return language == JSB_LANG_ZH ? Language::zh_CN : Language::en; }

int record_failure(const HandleBase* handle, Failure failure) noexcept {
  const int code = failure.code;
  ThreadFailures& failures = thread_failures();
  try {
    failures.last = failure;
  } catch (...) {
    failures.last = Failure{code, {}, {}};
  }
  if (handle == nullptr) {
    return code;
  }

  for (auto it = failures.slots.begin(); it != failures.slots.end(); ++it) {
    if (it->serial == handle->serial) {
      failures.slots.erase(it);
      break;
    }
  }
  try {
    if (failures.slots.size() >= kSlotsPerThread) {
      failures.slots.pop_front();
    }
    failures.slots.push_back(Slot{handle->serial, std::move(failure)});
  } catch (...) {
    // The slot is lost; errmsg gives "" for the handle, and the code was
    // returned to the caller anyway.
  }
  return code;
}

const char* failure_message(const HandleBase* handle) noexcept {
  const ThreadFailures& failures = thread_failures();
  if (handle == nullptr) {
    return choose(failures.last, default_language());
  }
  for (const Slot& slot : failures.slots) {
    if (slot.serial == handle->serial) {
      return choose(slot.failure, handle->language.load(std::memory_order_relaxed));
    }
  }
  return "";
}

void require_utf8(const char* text, const char* name) {
  require(text, name);
  if (!is_valid_utf8(text)) {
    throw Error(ErrorCode::invalid_argument,
                std::string("argument ") + name + " is not valid UTF-8: " + quote_for_message(text) +
                    "; convert it from its encoding (GBK, say) to UTF-8 first",
                std::string("参数 ") + name + " 不是有效的 UTF-8：" + quote_for_message(text) +
                    "；请先从原编码（如 GBK）转换为 UTF-8");
  }
}

char* duplicate(std::string_view text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) {
    throw std::bad_alloc();
  }
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

CallScope::CallScope(const HandleBase* handle, std::uint32_t kind, const char* name)
    : handle_(const_cast<HandleBase*>(handle)) {
  require(handle, name);
  const auto not_open = [&] {
    return Error(ErrorCode::invalid_argument,
                 std::string(name) + " is not an open handle (closed already, or another kind of pointer)",
                 std::string(name) + " 不是打开的句柄（已关闭，或是其他类型的指针）");
  };
  if (handle->magic != kind) {
    throw not_open();
  }

  // Counts the call only while no close has claimed the handle (-1). A call
  // that meets a claimed handle fails, and a close that comes after the
  // count returns JSB_BUSY. A call after the close has freed the handle is
  // the host's error, which the magic check above catches only by chance.
  int calls = handle->active_calls.load(std::memory_order_acquire);
  do {
    if (calls < 0) {
      throw not_open();
    }
  } while (!handle->active_calls.compare_exchange_weak(calls, calls + 1, std::memory_order_acq_rel));
}

CallScope::~CallScope() { handle_->active_calls.fetch_sub(1, std::memory_order_acq_rel); }

}  // namespace jishiban::capi

using jishiban::capi::guarded;

extern "C" {

int jsb_version(void) { return JSB_VERSION; }

const char* jsb_version_string(void) { return JSB_VERSION_STRING; }

const char* jsb_result_name(int code) {
  switch (code) {
    case JSB_OK:
      return "ok";
    case JSB_NO_MEMORY:
      return "no_memory";
    case JSB_INTERNAL:
      return "internal";
    default:
      break;
  }
  if (code >= JSB_INVALID_ARGUMENT && code <= JSB_BUSY) {
    // error_code_name returns views of string literals, so data() is
    // NUL-terminated.
    return jishiban::error_code_name(static_cast<jishiban::ErrorCode>(code)).data();
  }
  return "unknown";
}

void jsb_free(void* text) { std::free(text); }

const char* jsb_last_errmsg(void) { return jishiban::capi::failure_message(nullptr); }

int jsb_last_errcode(void) { return jishiban::capi::last_failure_code(); }

int jsb_set_default_language(int language) {
  return guarded(nullptr, [&] {
    if (language != JSB_LANG_EN && language != JSB_LANG_ZH) {
      throw jishiban::Error(jishiban::ErrorCode::invalid_argument,
                            "language " + std::to_string(language) + " is not JSB_LANG_EN (0) or JSB_LANG_ZH (1)",
                            "语言 " + std::to_string(language) + " 不是 JSB_LANG_EN（0）或 JSB_LANG_ZH（1）");
    }
    jishiban::capi::default_language();  // read LANG first, so it cannot overwrite this later
    jishiban::capi::set_default_language(language);
  });
}

}  // extern "C"
