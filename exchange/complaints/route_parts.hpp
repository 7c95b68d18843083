// The complaint handlers, registered by add_complaint_routes (routes.cpp). Each answers through
// `reply` exactly once.
#pragma once

#include <nlohmann/json.hpp>

#include "complaints/context.hpp"
#include "complaints/decisions.hpp"
#include "http/message.hpp"

namespace dx::complaints {

// filer_routes.cpp: complainants and sellers
void post_complaint(const Context& c, http::Request& req, http::Reply reply);
void list_complaints(const Context& c, http::Request& req, http::Reply reply);
void get_complaint(const Context& c, http::Request& req, http::Reply reply);
void post_response(const Context& c, http::Request& req, http::Reply reply);
// staff_routes.cpp: complaints officers
void list_queue(const Context& c, http::Request& req, http::Reply reply);
void post_action(const Context& c, http::Request& req, http::Reply reply);
// notification_routes.cpp
void list_notifications(const Context& c, http::Request& req, http::Reply reply);

// The `status` query filter: absent, or a complaint status (422 otherwise).
Result<std::optional<State>> status_filter(const http::Request& req);

}  // namespace dx::complaints
