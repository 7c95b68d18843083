// Arbitrary bytes as a client's side of a connection, read the way a session reads requests
// (exchange/http/server.cpp, Server::Impl::serve_one and read_body_and_dispatch): a header parser
// with the header limit and no body limit; the route looked up; then the body through a
// string_body parser under the JSON body limit, or through a buffer_body parser in 64 KiB pieces
// under the upload limit for a streamed route; request after request on the same bytes. The
// limits are ServerOptions' defaults, which are config/exchange.json's.
//
// The session's parser set-up is written inline in server.cpp, so it is restated here from the
// same ServerOptions fields; a change there must be made here too.
//
// The bytes are read twice: all at once, and in small reads as a slow client sends them. The
// requests read must not depend on where the reads cut the bytes (but for one slack of Beast's
// header limit, see agree()).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "http/router.hpp"
#include "http/server.hpp"

// Beast's assertions are on here (BOOST_ENABLE_ASSERT_HANDLER, see CMakeLists.txt). Boost 1.81
// asserts n >= 5 in parse_chunk_header where 3 bytes are valid: the last chunk of a chunked body
// whose line ends come in separate reads. The code after it asks for more input, as it should;
// the assertion was corrected upstream (boostorg/beast#2861). That one is let through; any other
// stops the run.
namespace boost {

void assertion_failed(const char* expr, const char* function, const char* file, long line) {
  if (std::string_view(expr) == "n >= 5" && std::string_view(file).ends_with("basic_parser.ipp"))
    return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(const char* expr, const char* msg, const char* function, const char* file,
                          long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}

}  // namespace boost

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using dx::http::BodyKind;
using dx::http::Method;

// A SyncReadStream over fixed bytes, handing out at most `max_read` bytes per read.
class ByteStream {
 public:
  ByteStream(std::string_view bytes, std::size_t max_read) : rest_(bytes), max_read_(max_read) {}

  template <typename MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    ec = {};
    if (rest_.empty()) {
      ec = asio::error::eof;
      return 0;
    }
    const std::size_t n =
        asio::buffer_copy(buffers, asio::buffer(rest_.data(), std::min(rest_.size(), max_read_)));
    rest_.remove_prefix(n);
    return n;
  }

  template <typename MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  // Bytes handed out so far.
  std::size_t taken() const { return size_ - rest_.size(); }

 private:
  std::string_view rest_;
  std::size_t size_ = rest_.size();
  std::size_t max_read_;
};

// What one request read as: enough to tell two readings apart.
struct Read {
  std::string head;  // method, target, version and every field
  std::size_t head_bytes = 0;
  std::string body;
  // Whether the reading failed, not how: which fault Beast names first (a bad character, the
  // header limit, the body limit) may depend on how much of the input it had seen, and each is
  // a refusal of the same request.
  bool failed = false;
  bool operator==(const Read&) const = default;
};

// The session's own mapping is private to server.cpp; the method names are shared.
Method method_of(std::string_view name) {
  for (Method m : {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del,
                   Method::options}) {
    if (name == dx::http::method_name(m)) return m;
  }
  return Method::other;
}

// One route of each body kind, with and without path parameters, like the real table.
const dx::http::Router& router() {
  static const dx::http::Router table = [] {
    dx::http::Router r;
    const auto add = [&r](Method m, std::string pattern, BodyKind body) {
      r.add({.method = m,
             .pattern = std::move(pattern),
             .body = body,
             .handler = [](dx::http::Request&, dx::http::Reply) {}});
    };
    add(Method::get, "/healthz", BodyKind::none);
    add(Method::post, "/api/v1/files", BodyKind::stream);
    add(Method::get, "/api/v1/files/{id}", BodyKind::none);
    add(Method::post, "/api/v1/orders", BodyKind::json);
    add(Method::patch, "/api/v1/products/{id}", BodyKind::json);
    return r;
  }();
  return table;
}

template <typename Fields>
std::string describe(const bhttp::request_header<Fields>& h) {
  std::string out = std::string(h.method_string()) + ' ' + std::string(h.target()) + ' ' +
                    std::to_string(h.version()) + '\n';
  for (const auto& f : h) out += std::string(f.name_string()) + ':' + std::string(f.value()) + '\n';
  return out;
}

// Reads the body as the session does; false when the connection would be closed.
bool read_body(ByteStream& stream, beast::flat_buffer& buf,
               bhttp::request_parser<bhttp::empty_body>& hp, bool streamed,
               const dx::http::ServerOptions& options, Read& read) {
  const std::uint64_t limit = streamed ? options.upload_limit : options.json_body_limit;
  const auto declared = hp.content_length();
  if (declared && *declared > limit) return false;  // refused unread
  boost::system::error_code ec;
  if (streamed) {
    bhttp::request_parser<bhttp::buffer_body> p(std::move(hp));
    p.body_limit(limit);
    std::string chunk(64 * 1024, '\0');
    while (!ec && !p.is_done()) {
      p.get().body().data = chunk.data();
      p.get().body().size = chunk.size();
      bhttp::read(stream, buf, p, ec);
      if (ec == bhttp::error::need_buffer) ec = {};
      const std::size_t got = chunk.size() - p.get().body().size;
      if (!ec) read.body.append(chunk.data(), got);
    }
  } else {
    bhttp::request_parser<bhttp::string_body> p(std::move(hp));
    p.body_limit(limit);
    bhttp::read(stream, buf, p, ec);
    read.body = std::move(p.get().body());
  }
  read.failed = static_cast<bool>(ec);
  return !ec;
}

std::vector<Read> read_all(std::string_view bytes, std::size_t max_read) {
  const dx::http::ServerOptions options;
  ByteStream stream(bytes, max_read);
  beast::flat_buffer buf;  // one per connection, as in the session: it carries pipelined bytes
  std::vector<Read> out;
  // A superset of what the session reads: it stops where the client asked to close.
  for (int i = 0; i < 16; ++i) {
    bhttp::request_parser<bhttp::empty_body> hp;
    hp.header_limit(options.header_limit);
    hp.body_limit(boost::none);
    boost::system::error_code ec;
    const std::size_t before = stream.taken() - buf.size();
    bhttp::read_header(stream, buf, hp, ec);
    if (ec) {
      out.push_back({.failed = true});
      break;
    }
    Read& read = out.emplace_back();
    read.head = describe(hp.get());
    read.head_bytes = stream.taken() - buf.size() - before;
    const std::string_view target = hp.get().target();
    const auto match =
        router().match(method_of(hp.get().method_string()), target.substr(0, target.find('?')));
    const bool streamed = match.route && match.route->body == BodyKind::stream;
    if (!read_body(stream, buf, hp, streamed, options, read)) break;
  }
  return out;
}

// Beast applies the header limit to the fields alone when the request line came in the same read,
// and to the whole head otherwise; so a head longer than the limit may pass or fail by how it
// was cut. Up to that point the readings must be the same.
bool agree(const std::vector<Read>& a, const std::vector<Read>& b) {
  const std::uint32_t limit = dx::http::ServerOptions{}.header_limit;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] == b[i]) continue;
    const auto over_limit = [limit](const Read& read, const Read& refused) {
      return refused.failed && refused.head.empty() && read.head_bytes > limit;
    };
    return over_limit(a[i], b[i]) || over_limit(b[i], a[i]);
  }
  return a.size() == b.size();
}

void print(const char* how, const std::vector<Read>& reads) {
  std::fprintf(stderr, "%s:\n", how);
  for (const auto& r : reads)
    std::fprintf(stderr, "  %s  head %zu bytes, body %zu bytes, %s\n", r.head.c_str(), r.head_bytes,
                 r.body.size(), r.failed ? "failed" : "read");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto whole = read_all(bytes, bytes.size() + 1);
  const auto pieces = read_all(bytes, 1 + size % 13);
  if (!agree(whole, pieces)) {
    print("read all at once", whole);
    print("read in small pieces", pieces);
    __builtin_trap();
  }
  return 0;
}
