// Channels through which enterprise requests (诉求) arrive.
#ifndef JISHIBAN_WORKFLOW_CHANNEL_HPP
#define JISHIBAN_WORKFLOW_CHANNEL_HPP

#include <optional>
#include <string_view>

namespace jishiban {

enum class Channel {
  hotline,  // 热线电话: dispatched within 10 working minutes by default
  email,    // 服务邮箱: within 60 working minutes
  wechat,   // "普湾发布"公众号: within 60 working minutes
};

// "hotline", "email" or "wechat".
std::string_view to_string(Channel channel) noexcept;

// Parses the names of to_string; std::nullopt for anything else.
std::optional<Channel> parse_channel(std::string_view text) noexcept;

}  // namespace jishiban

#endif  // JISHIBAN_WORKFLOW_CHANNEL_HPP
