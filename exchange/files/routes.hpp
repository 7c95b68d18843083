#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}
namespace files {
class BlobStore;

// Registers API.md "Files": POST /files (streamed, encrypted as it arrives) and GET /files/{id}.
void add_file_routes(http::Router& router, Services& services, const BlobStore& blobs);

}  // namespace files
}  // namespace dx
