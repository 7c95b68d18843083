// The streaming scanner on real generated files: identifiers per column, RFC 4180 details,
// chunk-split invariance, parse errors with line numbers, k-anonymity.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "compliance/scanner.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance {
namespace {

using test::scan;

// Everything a result says, as one comparable string.
std::string summary(const ScanResult& r) {
  std::ostringstream s;
  s << "parsed=" << r.parsed << " error=" << r.parse_error << " rows=" << r.rows << " columns=";
  for (const auto& c : r.columns) s << c << "|";
  s << " ids=";
  for (const auto& i : r.identifiers) {
    s << i.column << ":" << to_string(i.kind) << ":" << i.count << ":" << i.in_text << ":"
      << i.masked << ":" << i.with_digits << "|";
  }
  s << " read_as=" << static_cast<int>(r.read_as) << " delimiter=" << static_cast<int>(r.delimiter);
  s << " k=" << (r.k_min ? std::to_string(*r.k_min) : "none") << " missing=";
  for (const auto& m : r.missing_quasi_identifiers) s << m << "|";
  s << " too_many=" << r.too_many_groups;
  return s.str();
}

const ColumnIdentifiers* entry(const ScanResult& r, const std::string& column,
                               IdentifierKind kind) {
  for (const auto& i : r.identifiers) {
    if (i.column == column && i.kind == kind) return &i;
  }
  return nullptr;
}

std::int64_t count_of(const ScanResult& r, const std::string& column, IdentifierKind kind) {
  const ColumnIdentifiers* i = entry(r, column, kind);
  return i == nullptr ? 0 : i->count;
}

std::int64_t keyword_count(const ScanResult& r, const std::string& column,
                           const std::string& keyword) {
  for (const auto& k : r.keywords) {
    if (k.column == column && k.keyword == keyword) return k.count;
  }
  return 0;
}

// 60 rows of a customer file: every row has an identity number and an e-mail, every second row
// a mobile number, every third a card number; the other columns hold none.
std::string customer_csv() {
  std::string csv = "id,district,age_band,mobile,email,card,id_number,note\n";
  for (int i = 0; i < 60; ++i) {
    csv += std::to_string(i + 1) + ",Xuhui,30-39," + (i % 2 == 0 ? test::mobile_number(i) : "") +
           "," + test::email_address(i) + "," + (i % 3 == 0 ? test::card_number(i) : "n/a") + "," +
           test::identity_number(i) + ",\"paid, on time\"\n";
  }
  return csv;
}

TEST(Scanner, CountsEachIdentifierKindPerColumn) {
  const ScanResult r = scan(customer_csv());
  ASSERT_TRUE(r.parsed) << r.parse_error;
  EXPECT_EQ(r.rows, 60);
  EXPECT_EQ(r.columns.size(), 8u);
  EXPECT_EQ(count_of(r, "mobile", IdentifierKind::mobile_number), 30);
  EXPECT_EQ(count_of(r, "email", IdentifierKind::email_address), 60);
  EXPECT_EQ(count_of(r, "card", IdentifierKind::bank_card_number), 20);
  EXPECT_EQ(count_of(r, "id_number", IdentifierKind::identity_number), 60);
  EXPECT_EQ(r.identifiers.size(), 4u) << summary(r);
}

TEST(Scanner, ReportsNoIdentifierInAnOrdinaryFile) {
  const ScanResult r =
      scan("station,day,vehicles,avg_speed\nS01,2026-11-01,1200,43.5\nS02,2026-11-01,950,51.0\n");
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.rows, 2);
  EXPECT_TRUE(r.identifiers.empty()) << summary(r);
}

TEST(Scanner, ColumnOfRandomLongIdsIsNotReportedAsCards) {
  std::string csv = "order_id\n";
  for (const auto& n : test::random_long_numbers(500, 7)) csv += n + "\n";
  const ScanResult r = scan(csv);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(count_of(r, "order_id", IdentifierKind::bank_card_number), 0);
}

TEST(Scanner, ColumnMostlyOfCardsIsReportedWithItsCount) {
  std::string csv = "card\n";
  for (int i = 0; i < 40; ++i) csv += test::card_number(i) + "\n";
  for (int i = 0; i < 10; ++i) csv += test::card_number_failing_luhn(i) + "\n";
  EXPECT_EQ(count_of(scan(csv), "card", IdentifierKind::bank_card_number), 40);
}

TEST(Scanner, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const std::string csv =
      "name,comment,mobile\n"
      "\"Li, Lei\",\"said \"\"hello\"\"\nthen left\",\"13800138000\"\n"
      "Han,\"\",\n";
  const ScanResult r = scan(csv);
  ASSERT_TRUE(r.parsed) << r.parse_error;
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(count_of(r, "mobile", IdentifierKind::mobile_number), 1);
}

TEST(Scanner, AcceptsCrlfLineEndsAndDropsTheByteOrderMark) {
  const ScanResult r = scan("\xEF\xBB\xBFid,mobile\r\n1,13800138000\r\n2,13900139000\r\n");
  ASSERT_TRUE(r.parsed) << r.parse_error;
  EXPECT_EQ(r.rows, 2);
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_EQ(r.columns[0], "id");
  EXPECT_EQ(count_of(r, "mobile", IdentifierKind::mobile_number), 2);
}

TEST(Scanner, LastRecordWithoutLineEndCounts) {
  EXPECT_EQ(scan("a,b\n1,2\n3,4").rows, 2);
  EXPECT_EQ(scan("a,b\n1,2\n\"3\",\"4\"").rows, 2);
}

TEST(Scanner, EveryChunkSplitGivesTheSameResult) {
  const std::string csv =
      "\xEF\xBB\xBFid,district,note,mobile\r\n"
      "1,Xuhui,\"multi\r\nline, with \"\"quotes\"\"\",13800138000\r\n"
      "2,Xuhui,plain,\r\n"
      "\r\n"
      "3,\"Jing'an\",\"\",+86 139 0013 9000\r\n"
      "4,Xuhui,\"x\",li.lei@example.com";
  const std::string whole = summary(scan(csv, DataFormat::csv, {"district"}));
  EXPECT_NE(whole.find("parsed=1"), std::string::npos) << whole;
  EXPECT_NE(whole.find("rows=4"), std::string::npos) << whole;
  for (std::size_t chunk = 1; chunk <= csv.size(); ++chunk) {
    EXPECT_EQ(summary(scan(csv, DataFormat::csv, {"district"}, chunk)), whole) << "chunk " << chunk;
  }
  for (std::size_t cut = 0; cut <= csv.size(); ++cut) {
    Scanner s(DataFormat::csv, {"district"}, test::kToday);
    s.feed(std::string_view(csv).substr(0, cut));
    s.feed(std::string_view(csv).substr(cut));
    EXPECT_EQ(summary(s.finish()), whole) << "cut at " << cut;
  }
}

TEST(Scanner, LargerFileGivesTheSameResultForAnyChunkSize) {
  std::string csv;
  for (int copy = 0; copy < 30; ++copy) {
    const std::string part = customer_csv();
    csv += copy == 0 ? part : part.substr(part.find('\n') + 1);
  }
  const std::string whole = summary(scan(csv, DataFormat::csv, {"district", "age_band"}));
  EXPECT_NE(whole.find("rows=1800"), std::string::npos) << whole;
  for (std::size_t chunk : {3, 64, 1000, 4093, 65536}) {
    EXPECT_EQ(summary(scan(csv, DataFormat::csv, {"district", "age_band"}, chunk)), whole)
        << "chunk " << chunk;
  }
}

TEST(Scanner, WrongFieldCountNamesTheLineTheRecordStartsOn) {
  // Line 3 holds a quoted line break, so the short record starts on physical line 5.
  const std::string csv = "a,b,c\n1,2,3\n4,\"two\nlines\",6\n7,8\n9,10,11\n";
  for (std::size_t chunk : {0, 1, 4}) {
    const ScanResult r = scan(csv, DataFormat::csv, {}, chunk);
    EXPECT_FALSE(r.parsed);
    EXPECT_EQ(r.parse_error, "line 5: 2 fields where the header has 3") << "chunk " << chunk;
  }
}

TEST(Scanner, MalformedQuotingIsAParseError) {
  EXPECT_EQ(scan("a,b\n1,\"open\n2,3\n").parse_error,
            "line 2: quoted field not closed at the end of the file");
  EXPECT_EQ(scan("a,b\n1,x\"y\"\n").parse_error, "line 2: quote inside an unquoted field");
  EXPECT_EQ(scan("a,b\n1,\"x\"y\n").parse_error, "line 2: text after a closing quote");
}

TEST(Scanner, EmptyOrHeaderOnlyFileParsesWithNoRows) {
  for (const char* csv : {"", "\xEF\xBB\xBF", "a,b\n", "a,b", "\n\na,b\n\n"}) {
    const ScanResult r = scan(csv);
    EXPECT_TRUE(r.parsed) << csv;
    EXPECT_EQ(r.rows, 0) << csv;
  }
}

TEST(Scanner, RecordLongerThanTheLimitIsAParseErrorWhateverTheChunks) {
  const std::string csv = "a\nshort\n" + std::string(100, 'x') + "\nshort\n";
  ScanLimits limits;
  limits.max_record_bytes = 64;
  for (std::size_t chunk : {0, 1, 7, 64, 65}) {
    EXPECT_EQ(scan(csv, DataFormat::csv, {}, chunk, limits).parse_error,
              "line 3: record longer than 64 bytes")
        << "chunk " << chunk;
  }
}

TEST(Scanner, TooManyColumnsIsAParseError) {
  ScanLimits limits;
  limits.max_columns = 3;
  EXPECT_EQ(scan("a,b,c,d\n1,2,3,4\n", DataFormat::csv, {}, 0, limits).parse_error,
            "line 1: more than 3 columns");
}

// district x age_band: (Xuhui, 30-39) 5 rows, (Xuhui, 40-49) 3, (Minhang, 30-39) 4.
std::string grouped_csv() {
  std::string csv = "district,age_band,trips\n";
  for (int i = 0; i < 5; ++i) csv += "Xuhui,30-39," + std::to_string(i) + "\n";
  for (int i = 0; i < 3; ++i) csv += "Xuhui, 40-49 ," + std::to_string(i) + "\n";
  for (int i = 0; i < 4; ++i) csv += "Minhang,30-39," + std::to_string(i) + "\n";
  return csv;
}

TEST(Scanner, KMinIsTheSmallestGroupOverTheDeclaredQuasiIdentifiers) {
  EXPECT_EQ(scan(grouped_csv(), DataFormat::csv, {"district", "age_band"}).k_min, 3);
  EXPECT_EQ(scan(grouped_csv(), DataFormat::csv, {"district"}).k_min, 4);
  EXPECT_EQ(scan(grouped_csv(), DataFormat::csv, {"age_band"}).k_min, 3);
  EXPECT_EQ(scan(grouped_csv(), DataFormat::csv, {"trips"}).k_min, 1);  // "4" once
  EXPECT_FALSE(scan(grouped_csv()).k_min.has_value());
}

TEST(Scanner, DeclaredQuasiIdentifierMissingFromTheDataIsReported) {
  const ScanResult r = scan(grouped_csv(), DataFormat::csv, {"district", "postcode"});
  EXPECT_EQ(r.missing_quasi_identifiers, std::vector<std::string>{"postcode"});
  EXPECT_EQ(r.k_min, 4);
  EXPECT_FALSE(scan(grouped_csv(), DataFormat::csv, {"postcode"}).k_min.has_value());
}

TEST(Scanner, TooManyGroupsIsFlagged) {
  ScanLimits limits;
  limits.max_groups = 2;
  const ScanResult r = scan(grouped_csv(), DataFormat::csv, {"district", "age_band"}, 0, limits);
  EXPECT_TRUE(r.too_many_groups);
}

TEST(Scanner, JsonLinesColumnsAreKeysInFirstSeenOrderWithNestedPaths) {
  const std::string jsonl =
      "{\"id\": 1, \"contact\": {\"mobile\": 13800138000, \"email\": \"li.lei@example.com\"}}\n"
      "\n"
      "{\"id\": 2, \"tags\": [\"a\", \"b\"], \"id_number\": \"11010519491231002X\", \"score\": "
      "1.5}\n"
      "{\"id\": 3, \"contact\": {\"mobile\": \"+86 139 0013 9000\"}, \"ok\": true, \"n\": null}\n";
  const ScanResult r = scan(jsonl, DataFormat::jsonl);
  ASSERT_TRUE(r.parsed) << r.parse_error;
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.columns, (std::vector<std::string>{"id", "contact.mobile", "contact.email", "tags",
                                                 "id_number", "score", "ok", "n"}));
  EXPECT_EQ(count_of(r, "contact.mobile", IdentifierKind::mobile_number), 2);
  EXPECT_EQ(count_of(r, "contact.email", IdentifierKind::email_address), 1);
  EXPECT_EQ(count_of(r, "id_number", IdentifierKind::identity_number), 1);
}

TEST(Scanner, JsonLinesBadLineNamesItsLineWithoutQuotingData) {
  const std::string jsonl = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 13800138000,}\n{\"a\": 4}\n";
  for (std::size_t chunk : {0, 1, 5}) {
    const ScanResult r = scan(jsonl, DataFormat::jsonl, {}, chunk);
    EXPECT_FALSE(r.parsed);
    EXPECT_TRUE(r.parse_error.starts_with("line 3: not valid JSON")) << r.parse_error;
    EXPECT_EQ(r.parse_error.find("13800138000"), std::string::npos);
  }
  EXPECT_EQ(scan("[1, 2]\n", DataFormat::jsonl).parse_error, "line 1: not a JSON object");
  EXPECT_EQ(scan("{\"a\": 1}\n\"text\"\n", DataFormat::jsonl).parse_error,
            "line 2: not a JSON object");
}

TEST(Scanner, JsonLinesChunkSplitsAndQuasiIdentifiersAgree) {
  std::string jsonl = "\xEF\xBB\xBF";
  for (int i = 0; i < 12; ++i) {
    jsonl += "{\"district\": \"" + std::string(i % 3 == 0 ? "Xuhui" : "Minhang") + "\"" +
             (i % 4 == 0 ? "" : ", \"age\": \"30-39\"") + ", \"v\": " + std::to_string(i) + "}\r\n";
  }
  const ScanResult whole = scan(jsonl, DataFormat::jsonl, {"district", "age"});
  ASSERT_TRUE(whole.parsed) << whole.parse_error;
  EXPECT_EQ(whole.rows, 12);
  // Groups: (Xuhui, no age) row 0 only; (Xuhui, 30-39) 3; (Minhang, no age) 2; (Minhang, 30-39) 6.
  EXPECT_EQ(whole.k_min, 1);
  for (std::size_t chunk = 1; chunk < 40; ++chunk) {
    EXPECT_EQ(summary(scan(jsonl, DataFormat::jsonl, {"district", "age"}, chunk)), summary(whole));
  }
  EXPECT_TRUE(scan("", DataFormat::jsonl).parsed);
  EXPECT_EQ(scan("\n\n", DataFormat::jsonl).rows, 0);
}

// ---- the layout is read from the content (P5 cannot be sidestepped by the declaration) ----
TEST(Scanner, DelimiterIsSniffedFromTheHeaderWhateverTheDeclaration) {
  const std::vector<std::pair<char, DataFormat>> cases = {{'\t', DataFormat::tsv},
                                                          {';', DataFormat::csv},
                                                          {'|', DataFormat::csv},
                                                          {',', DataFormat::csv}};
  for (const auto& [delimiter, read_as] : cases) {
    std::string file = std::string("id") + delimiter + "note" + delimiter + "mobile\n";
    for (int i = 0; i < 5; ++i) {
      file += std::to_string(i) + delimiter + "a b" + delimiter + test::mobile_number(i) + "\n";
    }
    for (DataFormat declared : {DataFormat::csv, DataFormat::tsv}) {
      const ScanResult r = scan(file, declared);
      ASSERT_TRUE(r.parsed) << delimiter << " " << r.parse_error;
      EXPECT_EQ(r.delimiter, delimiter);
      EXPECT_EQ(r.read_as, read_as);
      EXPECT_EQ(r.columns, (std::vector<std::string>{"id", "note", "mobile"})) << delimiter;
      EXPECT_EQ(count_of(r, "mobile", IdentifierKind::mobile_number), 5) << delimiter;
    }
  }
}

TEST(Scanner, JsonLinesDeclaredAsCsvIsReadAsJsonLinesAndBack) {
  const std::string jsonl = "\xEF\xBB\xBF\n  {\"m\": \"13800138000\"}\n{\"m\": \"13900139000\"}\n";
  const ScanResult as_csv = scan(jsonl, DataFormat::csv);
  ASSERT_TRUE(as_csv.parsed) << as_csv.parse_error;
  EXPECT_EQ(as_csv.read_as, DataFormat::jsonl);
  EXPECT_EQ(count_of(as_csv, "m", IdentifierKind::mobile_number), 2);
  const ScanResult as_jsonl = scan("m,n\n13800138000,1\n", DataFormat::jsonl);
  ASSERT_TRUE(as_jsonl.parsed) << as_jsonl.parse_error;
  EXPECT_EQ(as_jsonl.read_as, DataFormat::csv);
  EXPECT_EQ(count_of(as_jsonl, "m", IdentifierKind::mobile_number), 1);
}

TEST(Scanner, LayoutSniffingGivesTheSameResultForAnyChunkSplit) {
  const std::string jsonl =
      "\xEF\xBB\xBF\r\n\n {\"a\": {\"b\": [\"13800138000\", {\"c\": \"x 13900139000\"}]}}\n"
      "{\"a\": {\"b\": []}}";
  const std::string tsv = "\xEF\xBB\xBF\nid\tm\n1\t=\"13800138000\"\n";
  for (const auto& [data, declared] :
       {std::pair{jsonl, DataFormat::csv}, std::pair{tsv, DataFormat::csv}}) {
    const std::string whole = summary(scan(data, declared));
    EXPECT_NE(whole.find("parsed=1"), std::string::npos) << whole;
    for (std::size_t chunk = 1; chunk < data.size(); ++chunk) {
      EXPECT_EQ(summary(scan(data, declared, {}, chunk)), whole) << "chunk " << chunk;
    }
  }
}

// Random files over the bytes that steer layout, quoting and detection: any two splits agree,
// also when a long white-space prefix meets the record limit.
TEST(Scanner, RandomFilesGiveTheSameResultForAnyChunkSplit) {
  const std::vector<std::string> pieces = {"{",
                                           "}",
                                           "\"",
                                           ",",
                                           "\t",
                                           ";",
                                           "\n",
                                           "\r\n",
                                           " ",
                                           "  ",
                                           ":",
                                           "[",
                                           "]",
                                           "13800138000",
                                           "138 0013 8000",
                                           "=\"",
                                           "11010519491231002X",
                                           "x",
                                           "@a.cn",
                                           "军事设施",
                                           "\xEF\xBC\x91",
                                           "\xEF\xBB\xBF",
                                           "abc",
                                           "0",
                                           "\x02"};
  std::mt19937 rng(2026);
  ScanLimits small;
  small.max_record_bytes = 24;
  small.max_columns = 6;
  for (int round = 0; round < 400; ++round) {
    std::string file;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) file += pieces[rng() % pieces.size()];
    constexpr DataFormat kDeclared[] = {DataFormat::jsonl, DataFormat::csv, DataFormat::tsv,
                                        DataFormat::other};
    const DataFormat declared = kDeclared[round % 4];
    const ScanLimits limits = round % 3 == 0 ? small : ScanLimits{};
    const std::string whole = summary(scan(file, declared, {"a"}, 0, limits));
    for (std::size_t chunk : {1, 2, 3, 7}) {
      ASSERT_EQ(summary(scan(file, declared, {"a"}, chunk, limits)), whole)
          << "round " << round << " chunk " << chunk;
    }
  }
  ScanLimits tiny;
  tiny.max_record_bytes = 16;
  const std::string spaces = std::string(20, ' ') + "\n{\"a\": 1}\n";
  const std::string whole = summary(scan(spaces, DataFormat::csv, {}, 0, tiny));
  for (std::size_t chunk = 1; chunk < spaces.size(); ++chunk) {
    EXPECT_EQ(summary(scan(spaces, DataFormat::csv, {}, chunk, tiny)), whole) << chunk;
  }
}

TEST(Scanner, NestedJsonValuesCountUnderTheirPath) {
  const std::string jsonl =
      "{\"contacts\": [{\"mobile\": \"138 0013 8000\"}, {\"mobile\": \"+86 139 0013 9000\"}],"
      " \"ids\": [[\"11010519491231002X\"], [\"n/a\"]], \"note\": {\"text\": \"回电 "
      "13700137000\"}}\n";
  const ScanResult r = scan(jsonl, DataFormat::jsonl);
  ASSERT_TRUE(r.parsed) << r.parse_error;
  EXPECT_EQ(count_of(r, "contacts.mobile", IdentifierKind::mobile_number), 2);
  EXPECT_EQ(count_of(r, "ids", IdentifierKind::identity_number), 1);
  const ColumnIdentifiers* text = entry(r, "note.text", IdentifierKind::mobile_number);
  ASSERT_NE(text, nullptr) << summary(r);
  EXPECT_EQ(text->in_text, 1);
}

TEST(Scanner, SpreadsheetTextFieldsParseAndCount) {
  const ScanResult r = scan("id,mobile\n1,=\"13800138000\"\n2,\"=\"\"13900139000\"\"\"\n");
  ASSERT_TRUE(r.parsed) << r.parse_error;
  EXPECT_EQ(count_of(r, "mobile", IdentifierKind::mobile_number), 2);
  EXPECT_EQ(scan("a,b\n1,=\"1\"2\"\"\n").parse_error, "line 2: quote inside an unquoted field");
}

TEST(Scanner, WholeInTextAndMaskedNumbersAreCountedApart) {
  std::string csv = "mobile,note\n";
  for (int i = 0; i < 6; ++i) {
    csv += (i < 2   ? test::mobile_number(i)
            : i < 5 ? "138****000" + std::to_string(i)
                    : "无") +
           ",\"回电 " + (i == 0 ? test::mobile_number(9) : std::string("明天")) + "\"\n";
  }
  const ScanResult r = scan(csv);
  const ColumnIdentifiers* mobile = entry(r, "mobile", IdentifierKind::mobile_number);
  ASSERT_NE(mobile, nullptr) << summary(r);
  EXPECT_EQ(mobile->count, 2);
  EXPECT_EQ(mobile->in_text, 0);
  EXPECT_EQ(mobile->masked, 3);
  EXPECT_EQ(mobile->with_digits, 5);  // "无" holds none
  const ColumnIdentifiers* note = entry(r, "note", IdentifierKind::mobile_number);
  ASSERT_NE(note, nullptr) << summary(r);
  EXPECT_EQ(note->count, 1);
  EXPECT_EQ(note->in_text, 1);
}

// P1: the national-security keywords in the values, simplified or traditional.
TEST(Scanner, KeywordsInValuesAreCountedInBothScriptsAndEveryFormat) {
  const std::vector<std::string> header = {"id", "note"};
  const std::vector<std::vector<std::string>> rows = {{"1", "靠近军事设施"},
                                                      {"2", "鄰近軍事設施的道路"},
                                                      {"3", "TOP SECRET route"},
                                                      {"4", "军事博物馆"},
                                                      {"5", "普通道路"}};
  for (DataFormat f : {DataFormat::csv, DataFormat::tsv, DataFormat::jsonl}) {
    const ScanResult r = test::scan_with_rules(test::table(f, header, rows), f);
    ASSERT_TRUE(r.parsed) << r.parse_error;
    EXPECT_EQ(keyword_count(r, "note", "军事设施"), 2) << static_cast<int>(f);
    EXPECT_EQ(keyword_count(r, "note", "军事"), 1) << static_cast<int>(f);  // only row 4
    EXPECT_EQ(keyword_count(r, "note", "top secret"), 1) << static_cast<int>(f);
    EXPECT_EQ(r.keywords.size(), 3u) << static_cast<int>(f);
  }
}

TEST(Scanner, ScannerWithoutRulesLooksForNoKeywords) {
  EXPECT_TRUE(scan("note\n军事设施\n").keywords.empty());
}

TEST(Scanner, TextInAFormatTheScannerDoesNotKnowIsReadAsWhatItIs) {
  const ScanResult csv = scan("id;mobile\n1;13800138000\n", DataFormat::other);
  ASSERT_TRUE(csv.parsed) << csv.parse_error;
  EXPECT_EQ(csv.read_as, DataFormat::csv);
  EXPECT_EQ(csv.delimiter, ';');
  EXPECT_EQ(count_of(csv, "mobile", IdentifierKind::mobile_number), 1);
  const ScanResult jsonl = scan("{\"m\": \"13800138000\"}\n", DataFormat::other);
  EXPECT_EQ(jsonl.read_as, DataFormat::jsonl);
  EXPECT_EQ(count_of(jsonl, "m", IdentifierKind::mobile_number), 1);
  // A control character in the first 4 KiB makes it binary, however far it is.
  std::string late = "a,b\n" + std::string(4000, 'x') + "\x01\n";
  EXPECT_FALSE(scan(late, DataFormat::other).parsed);
  EXPECT_EQ(summary(scan(late, DataFormat::other, {}, 5)), summary(scan(late, DataFormat::other)));
}

TEST(Scanner, UnreadableFormatIsNotParsed) {
  const ScanResult r = scan("PK\x03\x04 binary", DataFormat::other);
  EXPECT_FALSE(r.parsed);
  EXPECT_FALSE(r.parse_error.empty());
}

}  // namespace
}  // namespace dx::compliance
