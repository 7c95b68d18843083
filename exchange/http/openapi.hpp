#pragma once

#include <nlohmann/json.hpp>

namespace dx::http {
class Router;

// The OpenAPI 3 document of every route in the table: paths, methods, access, parameters, bodies
// and answers, including the problem+json error shape.
nlohmann::json openapi_document(const Router& router, const std::string& version);

}  // namespace dx::http
