// Shared steps of the integration tests.
#pragma once

#include <memory>
#include <string>

#include "support/https_client.hpp"
#include "support/server_process.hpp"

namespace dx::test {

// A unique e-mail address for this process.
std::string unique_email(const std::string& stem);

// Registers a person account and signs it in; the client carries its token afterwards.
nlohmann::json register_and_sign_in(HttpsClient& client, const std::string& email,
                                    const std::string& password = "correct horse battery");

void sign_in_admin(HttpsClient& client);

// True when `needle` occurs in any file below `dir` (database, WAL, blobs, keys).
bool occurs_in_tree(const std::filesystem::path& dir, const std::string& needle);

// Every record, by paging through GET /audit/events as admin.
nlohmann::json all_records(HttpsClient& admin);

}  // namespace dx::test
