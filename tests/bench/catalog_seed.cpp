// Catalogue benchmark helper (tests/bench/catalog_bench.sh).
//
//   catalog_seed seed DATA PRODUCTS RULES_DIR [SELLERS=300]
//     Creates the data directory DATA (it must not exist or be empty) and fills it through the
//     exchange's own storage code: the master key as the server loads it, a Sequencer on
//     DATA/exchange.db (migrations applied), SELLERS verified organizations and one listing
//     reviewer, then PRODUCTS listed products. Each product goes the way a real one does: created
//     as a draft, screened (no findings), approved by the reviewer, listed and added to the
//     catalogue, with the same records (product.created, .submitted, .approved, .listed) the
//     routes append. Titles and descriptions mix Chinese and English words from per-category
//     vocabularies; categories are those of RULES_DIR/categories.json that are neither prohibited
//     nor important. Prints one JSON line.
//
//   catalog_seed probe DATA QUERY...
//     Times the catalogue search in process on a read-only connection, for each QUERY written as a
//     query string ("q=交通&limit=20", "category=finance&limit=20"): the SQL of GET /api/v1/catalog
//     alone, then loading and opening the products of the first page as the route does (the HTTP
//     layer and JSON of the answer excluded). Prints one JSON line per query, then one line
//     breaking down the cost of opening a page of products step by step.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compliance/rules.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/catalog_terms.hpp"
#include "listing/context.hpp"
#include "listing/product_json.hpp"
#include "listing/product_store.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Steady = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Vocabularies

struct Vocabulary {
  const char* category;
  std::vector<const char*> zh;  // Chinese words, mostly two characters
  std::vector<const char*> en;  // English words
  const char* noun_zh;          // what a product of this category is
  const char* noun_en;
};

const std::vector<Vocabulary>& vocabularies() {
  static const std::vector<Vocabulary> k = {
      {"transport.traffic", {"交通", "路况", "拥堵", "出租车", "网约车", "停车", "车流", "信号灯"},
       {"traffic", "taxi", "congestion", "parking", "ridehailing", "intersection", "speed"}, "道路交通", "road traffic"},
      {"transport.logistics", {"物流", "货运", "快递", "仓储", "配送", "运单", "港口"},
       {"logistics", "freight", "parcel", "warehouse", "delivery", "shipment", "port"}, "物流", "logistics"},
      {"transport.public_transit", {"地铁", "公交", "客流", "站点", "线路", "换乘", "交通"},
       {"metro", "bus", "ridership", "station", "transit", "commute", "subway"}, "公共交通", "public transit"},
      {"finance.credit", {"信贷", "贷款", "征信", "还款", "逾期", "授信", "支付"},
       {"credit", "loan", "lending", "repayment", "default", "payment", "scoring"}, "信贷", "credit"},
      {"finance.markets", {"行情", "交易", "股票", "债券", "基金", "成交", "支付"},
       {"market", "trading", "equity", "bond", "fund", "quotes", "payment"}, "金融市场", "market"},
      {"finance.insurance", {"保险", "理赔", "保单", "车险", "健康险", "赔付"},
       {"insurance", "claims", "policy", "premium", "underwriting", "actuarial"}, "保险", "insurance"},
      {"health.medical", {"医疗", "医院", "门诊", "住院", "药品", "诊疗", "床位", "急诊"},
       {"hospital", "clinic", "outpatient", "inpatient", "pharmacy", "diagnosis", "beds", "medical"}, "医疗", "medical"},
      {"geography.mapping", {"地图", "地理", "兴趣点", "道路", "地址", "街道"},
       {"map", "poi", "geographic", "address", "road", "geocoding"}, "地理信息", "geographic"},
      {"government.open_data", {"政务", "公开", "统计", "办事", "公共服务", "财政"},
       {"government", "open", "statistics", "services", "budget", "public"}, "政务", "open government"},
      {"energy.consumption", {"电力", "负荷", "用电", "能耗", "光伏", "充电桩", "燃气"},
       {"electricity", "load", "consumption", "solar", "charging", "tariff", "power"}, "能源", "energy"},
      {"retail.consumer", {"零售", "消费", "门店", "销售", "商圈", "电商", "会员"},
       {"retail", "consumer", "sales", "store", "footfall", "ecommerce", "loyalty"}, "零售", "retail"},
      {"agriculture.crops", {"农业", "种植", "产量", "灌溉", "化肥", "粮食", "土壤"},
       {"crops", "yield", "farming", "irrigation", "fertilizer", "grain", "soil"}, "农业", "agricultural"},
      {"weather.observations", {"气象", "降水", "气温", "湿度", "风速", "台风", "雨量"},
       {"weather", "rainfall", "temperature", "humidity", "wind", "typhoon", "precipitation"}, "气象", "weather"},
      {"environment.monitoring", {"环境", "空气质量", "水质", "排放", "噪声", "降水", "监测"},
       {"air", "quality", "emissions", "water", "noise", "pollution", "monitoring"}, "生态环境", "environmental"},
      {"telecom.network", {"通信", "基站", "信号", "流量", "宽带", "覆盖"},
       {"telecom", "network", "signal", "bandwidth", "broadband", "coverage"}, "通信", "telecom"},
      {"industry.manufacturing", {"制造", "工厂", "产能", "设备", "良品率", "供应链"},
       {"manufacturing", "factory", "capacity", "equipment", "yield", "supply"}, "工业", "manufacturing"},
      {"education", {"教育", "学校", "招生", "课程", "教师", "学位"},
       {"education", "school", "enrollment", "courses", "teachers", "students"}, "教育", "education"},
      {"enterprise.registry", {"企业", "工商", "注册", "股东", "经营", "资质"},
       {"enterprise", "company", "registration", "shareholders", "licences", "business"}, "企业", "enterprise"},
      {"real_estate", {"房价", "楼盘", "租金", "成交", "二手房", "住宅"},
       {"housing", "rent", "property", "listings", "prices", "residential"}, "房地产", "real estate"},
      {"tourism.culture", {"旅游", "景区", "游客", "酒店", "文化", "演出"},
       {"tourism", "visitors", "hotel", "scenic", "culture", "events"}, "文旅", "tourism"},
      {"science.research", {"科研", "论文", "专利", "实验", "项目", "样本"},
       {"research", "papers", "patents", "experiments", "projects", "samples"}, "科研", "research"},
  };
  return k;
}

// Words any product may carry.
const std::vector<const char*> kCommonZh = {"数据", "统计", "月度", "年度", "分区", "汇总", "明细", "趋势"};
const std::vector<const char*> kCommonEn = {"data", "dataset", "monthly", "daily", "hourly", "district", "summary", "trends"};

struct City {
  const char* zh;
  const char* en;
};
const std::vector<City> kCities = {{"上海", "Shanghai"}, {"北京", "Beijing"},  {"深圳", "Shenzhen"}, {"广州", "Guangzhou"},
                                   {"杭州", "Hangzhou"}, {"成都", "Chengdu"},  {"重庆", "Chongqing"}, {"武汉", "Wuhan"},
                                   {"南京", "Nanjing"},  {"西安", "Xi'an"},    {"苏州", "Suzhou"},    {"天津", "Tianjin"}};

const std::vector<const char*> kOrgSuffix = {"数据科技有限公司", "信息技术有限公司", "大数据中心", "智能科技股份有限公司"};
const std::vector<const char*> kOrgStem = {"云图", "数智", "汇通", "天衡", "星河", "博远", "鼎信", "海纳", "中科", "同舟",
                                           "启明", "卓越", "联创", "瑞达", "恒生", "金桥"};

struct Gen {
  std::mt19937_64 rng{20261130};
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[rng() % v.size()];
  }
  std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(rng() % (hi - lo + 1)); }
};

dx::compliance::Product make_product(Gen& g, const Vocabulary& v) {
  using namespace dx::compliance;
  const City& city = g.pick(kCities);
  const std::string z1 = g.pick(v.zh), z2 = g.pick(v.zh), zc = g.pick(kCommonZh);
  const std::string e1 = g.pick(v.en), e2 = g.pick(v.en), ec = g.pick(kCommonEn);
  const auto year = g.between(2019, 2025);
  Product p;
  p.title = std::string(city.zh) + z1 + (z1 == z2 ? "" : z2) + zc + "（" + std::to_string(year) + "）" + " — " + city.en +
            " " + e1 + (e1 == e2 ? "" : " " + e2) + " " + ec;
  p.description = std::string("覆盖") + city.zh + "全市各区的" + v.noun_zh + z1 + "与" + z2 + "记录，按" +
                  g.pick(std::vector<const char*>{"小时", "日", "周", "月"}) + "汇总，" + std::to_string(year) +
                  "年起持续更新。" + g.pick(v.zh) + "指标经过清洗与去标识化处理。\n" + "Aggregated " + v.noun_en +
                  " " + e1 + " and " + e2 + " figures for " + city.en + " since " + std::to_string(year) + ", " + ec +
                  " granularity, with " + g.pick(v.en) + " indicators; no personal information.";
  p.category = v.category;
  p.source_method = g.rng() % 4 == 0 ? SourceMethod::generated : SourceMethod::collected;
  p.source_statement = "由本单位在自身业务中依法采集并加工 / collected and processed in our own operations";
  p.rights_holder = RightsHolder::self;
  p.personal_information = g.rng() % 3 == 0 ? PersonalInfo::anonymized : PersonalInfo::none;
  p.classification = Classification::general;
  p.format = g.rng() % 5 == 0 ? "jsonl" : "csv";
  p.delivery_mode = g.rng() % 3 == 0 ? DeliveryMode::api : DeliveryMode::file;
  p.update_frequency = static_cast<UpdateFrequency>(g.rng() % 5);
  const int offers = static_cast<int>(g.between(1, 3));
  static const std::vector<const char*> kNames = {"标准版 Standard", "专业版 Professional", "科研版 Research"};
  static const std::vector<std::vector<std::string>> kPurposes = {
      {"analysis"}, {"research"}, {"analysis", "product_development"}, {"risk_control"}, {"planning"}};
  for (int i = 0; i < offers; ++i) {
    Offer o;
    o.name = kNames[static_cast<std::size_t>(i)];
    o.purposes = g.pick(kPurposes);
    o.scenario = std::string("用于") + v.noun_zh + "分析与规划 / " + v.noun_en + " analysis and planning";
    o.term_days = g.pick(std::vector<std::int64_t>{90, 180, 365, 730});
    o.price_fen = g.between(10, 5000) * 1000;
    if (g.rng() % 4 == 0) o.seats = g.between(1, 20);
    o.cross_border = false;
    o.security_measures = "加密存储，访问留痕 / encrypted at rest, access logged";
    o.disposal = g.rng() % 5 == 0 ? Disposal::ret : Disposal::del;
    p.offers.push_back(std::move(o));
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// seed

struct Seller {
  std::string id;
};

// Waits for the sequencer's answers with at most `limit` commands in flight.
class Window {
 public:
  explicit Window(std::size_t limit) : limit_(limit) {}
  void enter() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return in_flight_ < limit_; });
    ++in_flight_;
  }
  void leave(bool durable) {
    {
      std::lock_guard lock(mu_);
      --in_flight_;
      if (!durable) failed_ = true;
    }
    cv_.notify_all();
  }
  bool drain() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return in_flight_ == 0; });
    return !failed_;
  }
  bool failed() {
    std::lock_guard lock(mu_);
    return failed_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t limit_, in_flight_ = 0;
  bool failed_ = false;
};

json product_record(const dx::listing::ProductRow& row) {
  return {{"version", row.version}, {"title", row.doc.title}, {"category", row.doc.category},
          {"classification", dx::compliance::to_string(row.doc.classification)}, {"offers", row.doc.offers.size()}};
}

int seed(const fs::path& data, std::int64_t products, const fs::path& rules_dir, int sellers) {
  namespace listing = dx::listing;
  namespace store = dx::store;
  if (fs::exists(data) && !fs::is_empty(data)) {
    std::fprintf(stderr, "catalog_seed: %s is not empty\n", data.c_str());
    return 1;
  }
  fs::create_directories(data);
  auto rules = dx::compliance::load_rules(rules_dir, 5);
  if (!rules) {
    std::fprintf(stderr, "catalog_seed: %s\n", rules.error().detail.c_str());
    return 1;
  }
  // The categories a product may be listed under without a second reviewer, with a vocabulary.
  std::vector<const Vocabulary*> vocab;
  for (const auto& v : vocabularies()) {
    const auto* cat = rules->category(v.category);
    if (cat != nullptr && !cat->prohibited && !cat->important) vocab.push_back(&v);
  }
  if (vocab.empty()) {
    std::fprintf(stderr, "catalog_seed: no listable category in %s\n", rules_dir.c_str());
    return 1;
  }
  std::vector<std::string> names;
  for (const auto* v : vocab) names.push_back(listing::category_names(*rules, v->category));

  // The master key exactly as the server loads it (EXCHANGE_MASTER_KEY is not honoured here: the
  // benchmark starts the server on the file).
  const std::string master = dx::crypto::load_or_create_secret(data / "keys" / "master.key", 32);
  const std::string pepper = dx::crypto::hmac_sha256(master, "dx.pepper.v1");

  const auto start = Steady::now();
  store::Sequencer sequencer(data / "exchange.db", dx::system_clock());
  Window window(4);
  Gen g;

  // Sellers and the reviewer, with the records account creation appends.
  std::vector<Seller> seller_ids;
  const std::string reviewer = dx::new_id("acc");
  for (int i = 0; i < sellers; ++i) seller_ids.push_back({dx::new_id("acc")});
  auto accounts = std::make_shared<std::vector<json>>();
  for (int i = 0; i < sellers; ++i) {
    const std::string name = std::string(kCities[static_cast<std::size_t>(i) % kCities.size()].zh) +
                             kOrgStem[static_cast<std::size_t>(i / 12) % kOrgStem.size()] +
                             kOrgSuffix[static_cast<std::size_t>(i) % kOrgSuffix.size()];
    accounts->push_back({{"id", seller_ids[static_cast<std::size_t>(i)].id},
                         {"email", "seller" + std::to_string(i) + "@sellers.example"},
                         {"kind", "organization"},
                         {"roles", json::array()},
                         {"display_name", name},
                         {"kyc_status", "verified"}});
  }
  accounts->push_back({{"id", reviewer}, {"email", "reviewer@exchange.example"}, {"kind", "staff"},
                       {"roles", json::array({"listing_reviewer"})}, {"display_name", "Catalogue reviewer"},
                       {"kyc_status", "unverified"}});
  window.enter();
  sequencer.submit(
      [accounts, pepper](store::Tx& tx) {
        auto& ins = tx.db().cached(
            "INSERT INTO accounts (id, email, password_hash, kind, display_name, jurisdiction, roles, kyc_status, "
            "created_at) VALUES (?, ?, ?, ?, ?, 'CN', ?, ?, ?)");
        for (const auto& a : *accounts) {
          const std::string id = a["id"], email = a["email"], kind = a["kind"];
          ins.bind(1, id).bind(2, email).bind(3, "$scrypt$bench-seller-cannot-sign-in").bind(4, kind);
          ins.bind(5, a["display_name"].get<std::string>()).bind(6, a["roles"].dump());
          ins.bind(7, a["kyc_status"].get<std::string>()).bind(8, dx::to_rfc3339(tx.now())).run();
          ins.reset();
          tx.record(id, kind == "staff" ? "staff_user.created" : "account.created", id,
                    {{"kind", kind}, {"jurisdiction", "CN"}, {"roles", a["roles"]},
                     {"email_hmac", dx::crypto::hex(dx::crypto::hmac_sha256(pepper, email))}});
        }
        return true;
      },
      [&window](bool durable) { window.leave(durable); });

  // Products, `per_command` to a sequencer command; the window keeps a few commands in flight so
  // each transaction holds about a thousand products while the next ones are generated.
  constexpr std::int64_t per_command = 250;
  std::int64_t made = 0;
  while (made < products && !window.failed()) {
    struct Item {
      std::string seller;
      std::size_t vocab;
      dx::compliance::Product doc;
    };
    auto items = std::make_shared<std::vector<Item>>();
    for (std::int64_t i = 0; i < per_command && made < products; ++i, ++made) {
      const std::size_t v = g.rng() % vocab.size();
      items->push_back({g.pick(seller_ids).id, v, make_product(g, *vocab[v])});
    }
    window.enter();
    sequencer.submit(
        [items, &master, &names, &reviewer, &rules](store::Tx& tx) {
          auto& review = tx.db().cached(
              "INSERT INTO product_reviews (product_id, version, reviewer_id, decision, reason, at) "
              "VALUES (?, ?, ?, 'approve', ?, ?)");
          for (auto& it : *items) {
            // POST /products
            auto row = listing::create_product(tx, master, it.seller, std::move(it.doc));
            tx.record(it.seller, "product.created", row.id, product_record(row));
            // POST /products/{id}/submit: screened without findings, sent to review
            const json findings = json::array();
            listing::save_screening(tx, row, findings, std::nullopt, std::nullopt);
            listing::set_status(tx, row, "in_review");
            tx.record(it.seller, "product.submitted", row.id,
                      {{"version", row.version}, {"status", row.status}, {"findings", findings}});
            // POST /staff/products/{id}/decision: approved, listed, in the catalogue
            const std::string reason = "符合上架要求 / meets the listing requirements";
            review.bind(1, row.id).bind(2, row.version).bind(3, reviewer).bind(4, reason);
            review.bind(5, dx::to_rfc3339(tx.now())).run();
            review.reset();
            tx.record(reviewer, "product.approved", row.id,
                      {{"version", row.version}, {"reason", reason}, {"approvals", 1}, {"approvals_needed", 1}});
            listing::set_status(tx, row, "listed");
            listing::add_to_catalog(tx, row, names[it.vocab], listing::catalog_view(*rules, row));
            tx.record(reviewer, "product.listed", row.id, {{"version", row.version}});
          }
          return true;
        },
        [&window](bool durable) { window.leave(durable); });
  }
  const bool ok = window.drain();
  const auto batches = sequencer.batches_committed();
  sequencer.stop();
  const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
  if (!ok) {
    std::fprintf(stderr, "catalog_seed: a batch failed to commit\n");
    return 1;
  }
  store::Db db(data / "exchange.db", store::OpenMode::read_only);
  auto count = [&db](const char* sql) {
    auto st = db.prepare(sql);
    st.step();
    return st.int64(0);
  };
  const json line = {{"products", count("SELECT count(*) FROM catalog")},
                     {"listed", count("SELECT count(*) FROM products WHERE status = 'listed'")},
                     {"sellers", sellers},
                     {"categories", vocab.size()},
                     {"offers", count("SELECT count(*) FROM offers")},
                     {"records", count("SELECT count(*) FROM records")},
                     {"transactions", batches},
                     {"seconds", seconds},
                     {"products_per_s", static_cast<double>(products) / seconds},
                     {"db_bytes", fs::file_size(data / "exchange.db")}};
  std::printf("%s\n", line.dump().c_str());
  return 0;
}

// ---------------------------------------------------------------------------------------------
// probe

// A copy of the statements in exchange/listing/repository.cpp (catalog_page()).
constexpr const char* kCategoryFilter =
    "(?2 IS NULL OR c.category = ?2 OR substr(c.category, 1, length(?2) + 1) = ?2 || '.')";

std::string url_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Where opening a page of products goes, step by step as load_product and public_view do it, for
// the 20 newest products: the row (with its sealed document), AES-256-GCM open, JSON parse, the
// document's validation into a compliance::Product, and writing the public JSON back out. Prints
// one JSON line of medians per page in µs (load_product parses the document twice: once for
// parse_product, once more for the offer ids).
void breakdown(dx::store::Db& db, const std::string& master) {
  namespace listing = dx::listing;
  std::vector<std::string> ids;
  {
    auto st = db.prepare("SELECT product_id FROM catalog ORDER BY entry DESC LIMIT 20");
    while (st.step()) ids.push_back(st.text(0));
  }
  std::vector<double> row_us, open_us, parse_us, validate_us, render_us;
  std::size_t page_bytes = 0;
  for (int i = 0; i < 200; ++i) {
    double row = 0, open = 0, parse = 0, validate = 0, render = 0;
    page_bytes = 0;
    for (const auto& id : ids) {
      auto t0 = Steady::now();
      auto& st = db.cached(
          "SELECT p.seller_id, p.status, p.version, p.revision, p.created_at, p.updated_at, p.listed_at, "
          "v.document, v.submitted_at, v.findings, v.data_sha256, v.data_rows "
          "FROM products p JOIN product_versions v ON v.product_id = p.id AND v.version = p.version WHERE p.id = ?");
      st.bind(1, id);
      st.step();
      const std::int64_t version = st.int64(2);
      const std::string sealed = st.blob(7);
      st.reset();
      auto t1 = Steady::now();
      const auto text = dx::crypto::open(master, sealed, id + "/" + std::to_string(version));
      auto t2 = Steady::now();
      const auto parsed = json::parse(*text);
      auto t3 = Steady::now();
      auto doc = listing::parse_product(parsed);
      auto t4 = Steady::now();
      const std::string out = listing::public_product_json(*doc).dump();
      auto t5 = Steady::now();
      page_bytes += out.size();
      row += std::chrono::duration<double, std::micro>(t1 - t0).count();
      open += std::chrono::duration<double, std::micro>(t2 - t1).count();
      parse += std::chrono::duration<double, std::micro>(t3 - t2).count();
      validate += std::chrono::duration<double, std::micro>(t4 - t3).count();
      render += std::chrono::duration<double, std::micro>(t5 - t4).count();
    }
    row_us.push_back(row);
    open_us.push_back(open);
    parse_us.push_back(parse);
    validate_us.push_back(validate);
    render_us.push_back(render);
  }
  const json line = {{"breakdown", "20 newest products"},
                     {"row_us", percentile(row_us, 0.5)},
                     {"decrypt_us", percentile(open_us, 0.5)},
                     {"json_parse_us", percentile(parse_us, 0.5)},
                     {"parse_product_us", percentile(validate_us, 0.5)},
                     {"public_json_us", percentile(render_us, 0.5)},
                     {"public_json_bytes", page_bytes}};
  std::printf("%s\n", line.dump().c_str());
}

int probe(const fs::path& data, const std::vector<std::string>& queries) {
  namespace listing = dx::listing;
  namespace store = dx::store;
  const std::string master = dx::crypto::load_or_create_secret(data / "keys" / "master.key", 32);
  store::Db db(data / "exchange.db", store::OpenMode::read_only);
  for (const auto& query : queries) {
    std::optional<std::string> q, category;
    int limit = 20;
    std::size_t pos = 0;
    while (pos <= query.size()) {
      auto amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      const std::string part = query.substr(pos, amp - pos);
      const auto eq = part.find('=');
      const std::string k = part.substr(0, eq), v = eq == std::string::npos ? "" : url_decode(part.substr(eq + 1));
      if (k == "q") q = v;
      if (k == "category" && !v.empty()) category = v;
      if (k == "limit") limit = std::stoi(v);
      pos = amp + 1;
    }
    const std::string match = q ? listing::match_expression(*q) : "";
    const std::string sql =
        match.empty() ? std::string("SELECT c.entry, c.product_id FROM catalog c WHERE ?1 IS NULL AND ") +
                            kCategoryFilter + " AND c.entry < ?3 ORDER BY c.entry DESC LIMIT ?4"
                      : std::string("SELECT c.entry, c.product_id FROM catalog_text t JOIN catalog c ON c.entry = t.rowid "
                                    "WHERE catalog_text MATCH ?1 AND ") +
                            kCategoryFilter + " AND t.rowid < ?3 ORDER BY t.rowid DESC LIMIT ?4";
    auto& st = db.cached(sql);
    auto run = [&](std::int64_t lim) {
      if (match.empty()) st.bind_null(1);
      else st.bind(1, match);
      st.bind(2, category).bind(3, std::numeric_limits<std::int64_t>::max()).bind(4, lim);
      std::vector<std::string> ids;
      while (st.step()) ids.push_back(st.text(1));
      st.reset();
      return ids;
    };
    const auto all = run(std::numeric_limits<std::int64_t>::max()).size();  // every match, for the count
    std::vector<double> search_us, load_us;
    std::size_t page = 0;
    for (int i = 0; i < 200; ++i) {
      auto t0 = Steady::now();
      const auto ids = run(limit);
      auto t1 = Steady::now();
      page = 0;
      for (const auto& id : ids) {
        auto row = listing::load_product(db, master, id);
        if (!row) continue;
        if (row->status == "listed") ++page;
        auto& s = db.cached("SELECT display_name, kind, kyc_status FROM accounts WHERE id = ?");
        s.bind(1, row->seller_id);
        s.step();
        s.reset();
      }
      auto t2 = Steady::now();
      search_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      load_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    }
    const json line = {{"query", query},
                       {"match", match},
                       {"matches", all},
                       {"first_page", page},
                       {"search_us_p50", percentile(search_us, 0.5)},
                       {"search_us_p99", percentile(search_us, 0.99)},
                       {"load_us_p50", percentile(load_us, 0.5)},
                       {"load_us_p99", percentile(load_us, 0.99)}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  breakdown(db, master);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "seed" && argc >= 5)
      return seed(argv[2], std::atoll(argv[3]), argv[4], argc > 5 ? std::atoi(argv[5]) : 300);
    if (mode == "probe" && argc >= 4) return probe(argv[2], std::vector<std::string>(argv + 3, argv + argc));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "catalog_seed: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: catalog_seed seed DATA PRODUCTS RULES_DIR [SELLERS]\n"
               "       catalog_seed probe DATA QUERY...\n");
  return 2;
}
