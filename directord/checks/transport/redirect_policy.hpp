// Which redirects an http check follows (httpredirects= in ldirectord.cf, a directord
// extension). ldirectord (LWP) follows up to 7 redirects to any host and scheme, so a
// real server, or whoever answers for it, could point the director's checks anywhere
// (another host, an internal address, https with another certificate policy). The default
// keeps a check on the host it was pointed at.
//   none      a 3xx is judged as it is (down: not 2xx)
//   samehost  follow only to the same host (name or address as written) as the checked URL,
//             http or https, any port: the common http -> https upgrade still works (default)
//   any       ldirectord's behaviour
#pragma once
#include <optional>
#include <string>

#include "directord/checks/transport/url.hpp"

namespace directord::checks {

enum class RedirectPolicy { none, same_host, any };

std::optional<RedirectPolicy> parse_redirect_policy(const std::string& text);   // "none", "samehost", "any"
const char* redirect_policy_name(RedirectPolicy p);

// Why following `next` (a Location resolved against the previous hop) is refused, or
// nullopt when it may be followed. `first` is the URL the check was configured with.
std::optional<std::string> redirect_refusal(RedirectPolicy p, const Url& first, const Url& next);

} // namespace directord::checks
