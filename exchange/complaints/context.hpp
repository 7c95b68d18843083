// What the complaint handlers share. Built once in add_complaint_routes; lives as long as the
// router.
#pragma once

namespace dx {
struct Services;
namespace compliance {
struct Rules;
}
}  // namespace dx

namespace dx::complaints {

struct Context {
  Services& s;
  const compliance::Rules& rules;  // rule texts for findings, category names for the catalogue
};

}  // namespace dx::complaints
