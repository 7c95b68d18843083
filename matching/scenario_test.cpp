// Data-driven scenarios: each matching/scenarios/*.txt file is one test. A line "> command" runs a
// command on a fresh book shared by the file; the lines after it, up to the next command, are the
// exact output expected (the events, one per line, as test_support.hpp's describe() writes them).
// Blank lines and lines starting with '#' are ignored.
//
// Commands (owner defaults to the order id; tif to gtc):
//   > buy <id> price=<fen> qty=<seats> [tif=gtc|ioc|fok] [owner=<n>]
//   > sell <id> price=<fen> qty=<seats> [tif=...] [owner=<n>]
//   > unlimited_ask <id> price=<fen> owner=<n>
//   > cancel <id>
//   > book            prints "bid <price> <qty>[ unlimited]" lines best first, then "ask ..." lines
//   > order <id>      prints "order <id> owner=<n> buy|sell price=<p> left=<n|unlimited>" or "none"
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "matching/order_book.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

namespace fs = std::filesystem;

struct Step {
  int line = 0;
  std::string command;
  std::vector<std::string> expected;
};

struct Command {
  std::string verb;
  std::uint64_t id = 0;
  std::map<std::string, std::string> args;

  std::int64_t number(const std::string& key, std::int64_t otherwise) const {
    const auto it = args.find(key);
    return it == args.end() ? otherwise : std::stoll(it->second);
  }
};

std::vector<Step> read_steps(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Step> steps;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("> ", 0) == 0) {
      steps.push_back(Step{number, line.substr(2), {}});
    } else if (!steps.empty()) {
      steps.back().expected.push_back(line);
    }
  }
  return steps;
}

Command parse(const std::string& text) {
  std::istringstream in(text);
  Command command;
  in >> command.verb;
  std::string token;
  if (in >> token) command.id = std::stoull(token);
  while (in >> token) {
    const auto eq = token.find('=');
    command.args[token.substr(0, eq)] = eq == std::string::npos ? "" : token.substr(eq + 1);
  }
  return command;
}

TimeInForce time_in_force(const Command& command) {
  const auto it = command.args.find("tif");
  if (it == command.args.end() || it->second == "gtc") return TimeInForce::gtc;
  return it->second == "ioc" ? TimeInForce::ioc : TimeInForce::fok;
}

LimitOrder limit_order(const Command& c, Side side) {
  return LimitOrder{OrderId{c.id},
                    OwnerId{c.number("owner", static_cast<std::int64_t>(c.id))},
                    side,
                    c.number("price", 0),
                    c.number("qty", 0),
                    time_in_force(c)};
}

std::vector<std::string> describe_book(const OrderBook& book) {
  std::vector<std::string> lines;
  const Depth depth = book.depth();
  const auto add = [&](const char* side, const DepthLevel& level) {
    lines.push_back(std::string(side) + " " + std::to_string(level.price) + " " +
                    std::to_string(level.quantity) + (level.unlimited ? " unlimited" : ""));
  };
  for (const DepthLevel& level : depth.bids) add("bid", level);
  for (const DepthLevel& level : depth.asks) add("ask", level);
  return lines;
}

std::vector<std::string> describe_order(const OrderBook& book, std::uint64_t id) {
  const auto order = book.find(OrderId{id});
  if (!order) return {"none"};
  std::ostringstream out;
  PrintTo(*order, &out);
  return {out.str()};
}

std::vector<std::string> run(OrderBook& book, const Command& c) {
  Events events;
  if (c.verb == "buy" || c.verb == "sell") {
    book.submit(limit_order(c, c.verb == "buy" ? Side::buy : Side::sell), events);
  } else if (c.verb == "unlimited_ask") {
    book.submit(UnlimitedAsk{OrderId{c.id}, OwnerId{c.number("owner", 0)}, c.number("price", 0)},
                events);
  } else if (c.verb == "cancel") {
    book.cancel(OrderId{c.id}, events);
  } else if (c.verb == "book") {
    return describe_book(book);
  } else if (c.verb == "order") {
    return describe_order(book, c.id);
  } else {
    return {"unknown command: " + c.verb};
  }
  std::vector<std::string> lines;
  for (const Event& event : events) lines.push_back(describe(event));
  return lines;
}

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(DX_MATCHING_SCENARIO_DIR)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string file_stem(const ::testing::TestParamInfo<fs::path>& param) {
  return param.param.stem().string();
}

class ScenarioTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioTest, ProducesTheExpectedOutput) {
  const std::vector<Step> steps = read_steps(GetParam());
  ASSERT_FALSE(steps.empty()) << GetParam();
  OrderBook book;
  for (const Step& step : steps) {
    EXPECT_EQ(run(book, parse(step.command)), step.expected)
        << GetParam().filename().string() << ":" << step.line << ": " << step.command;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioTest, ::testing::ValuesIn(scenario_files()), file_stem);

}  // namespace
}  // namespace dx::matching
