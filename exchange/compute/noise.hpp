// Internal to dx_compute: the noise of differentially private outputs (API.md "The data
// plane", epsilon_per_licence). Samples come from OpenSSL's CSPRNG (crypto::random_bytes), so
// a buyer cannot predict or replay them. Thread-safe.
#pragma once

namespace dx::compute::detail {

// One sample of the Laplace distribution centred on 0 with scale `b` (> 0): the noise that
// makes a query of sensitivity s private at epsilon = s / b.
double laplace(double b);

}  // namespace dx::compute::detail
