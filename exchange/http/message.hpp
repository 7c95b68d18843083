// HTTP requests and responses as plain values, so handlers never see Beast or a socket (the
// session in server.cpp converts). A Reply is called exactly once, from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"

namespace dx::http {

enum class Method { get, head, post, put, patch, del, options, other };
const char* method_name(Method m);

// Streamed request bodies (uploads) go through a sink instead of memory.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual void write(std::string_view chunk) = 0;
};

// Who made the request, once authenticated.
struct Principal {
  std::string account_id;
  std::string kind;  // person | organization | staff
  std::vector<std::string> roles;
  std::string kyc_status;
  bool suspended = false;
  std::string jurisdiction;
  std::optional<std::string> session_digest;  // set when authenticated by a session token
  bool has_role(std::string_view role) const;
  // A suspended staff account holds no staff power (its roles are dropped when it is loaded).
  bool is_staff() const { return kind == "staff" && !suspended; }
};

struct Request {
  Method method = Method::get;
  std::string target;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::shared_ptr<BodySink> sink;   // set for streamed routes, after the body was written to it
  std::uint64_t body_size = 0;
  std::string remote_address;
  std::string request_id;
  std::map<std::string, std::string> params;  // path parameters, e.g. {id}
  std::optional<Principal> principal;
  // The JSON body, once the server has read and checked it against the route's schema.
  std::shared_ptr<const nlohmann::json> json_body;

  const std::string* header(const std::string& lower_name) const;
  const std::string* query_param(const std::string& name) const;
  const std::string& param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A streamed body: `stream` yields chunks until nullopt; `stream_size` is the total length.
  std::function<std::optional<std::string>()> stream;
  std::uint64_t stream_size = 0;

  void set_header(std::string name, std::string value);
};

using Reply = std::function<void(Response)>;

Response json_response(int status, const std::string& json_text);
Response empty_response(int status);
// The one mapping of domain errors to HTTP: each code answers exactly one status (a switch without
// default, so a new code fails to compile under -Werror until it is mapped), and its title.
int http_status(Errc code);
const char* title(Errc code);
// RFC 9457 application/problem+json for an Error.
Response problem_response(const Error& e);
// Names the occurrence in a problem document: its `instance` is the request id, as in the
// X-Request-Id header and the request's log line. Other responses are left as they are.
void set_problem_instance(Response& r, std::string_view request_id);

}  // namespace dx::http
