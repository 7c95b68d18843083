// The routes of compute jobs (API.md "The data plane"): POST /trades/{id}/jobs, GET /jobs/{id},
// GET /jobs/{id}/result, POST /jobs/{id}/decision, GET /trades/{id}/jobs and GET /seller/jobs.
#pragma once

#include "http/router.hpp"

namespace dx {
struct Services;
namespace files {
class BlobStore;
}
}  // namespace dx

namespace dx::jobs {

class Service;
class Runner;

// `service`, `runner` and `blobs` outlive the router's use of these routes.
void add_job_routes(http::Router& router, Services& s, Service& service, Runner& runner,
                    const files::BlobStore& blobs);

}  // namespace dx::jobs
