// Shared steps of the integration tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

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

// A valid resident identity number, distinct per call, for someone born in `year`.
std::string identity_number(int year = 1985);
// A valid unified social credit code, distinct per call.
std::string credit_code();

// Uploads `content` with POST /files; returns the file id.
std::string upload(HttpsClient& client, const std::string& content, const std::string& content_type,
                   const std::string& file_name = "");

// A new staff member with `roles`, created by the admin and signed in.
std::unique_ptr<HttpsClient> staff_member(std::uint16_t port, HttpsClient& admin,
                                          const std::vector<std::string>& roles);

// A person whose identity `kyc_reviewer` has verified, signed in.
struct Party {
  std::unique_ptr<HttpsClient> client;
  std::string id;
  std::string email;
};
Party verified_person(std::uint16_t port, HttpsClient& kyc_reviewer, const std::string& display_name = "Verified Person",
                      const std::string& jurisdiction = "CN");

// 30 rows over 3 districts × 2 age bands: every combination occurs 5 times (k = 5).
std::string sample_csv();
// A product every screening rule lets through: general data, own rights, no personal information,
// one offer "standard" for purpose "research" at 100000 fen with unlimited seats.
nlohmann::json sample_product(const std::string& data_file_id);
// Creates, submits and approves `product` (data file already uploaded by `seller`); returns the
// listed product as its seller sees it (offers with ids).
nlohmann::json list_product(HttpsClient& seller, HttpsClient& listing_reviewer, const nlohmann::json& product);

}  // namespace dx::test
