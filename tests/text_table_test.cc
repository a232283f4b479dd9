// Numeric text tables: CSV and whitespace columns, plain and gzipped, and
// every malformed input rejected with the file and line named.
#include "src/data/text_table.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace ebm {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string WriteGz(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + "/" + name;
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
  return path;
}

// The error message of reading `path`, or "" when it reads.
std::string ReadError(const std::string& path, TextTableFormat format) {
  try {
    ReadTextTable(path, format);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(TextTableTest, ReadsCsvWithHeaderInOrder) {
  const std::string path = WriteFile("a.csv", "a,b,label\n1,2.5,0\n-3e2, 4 ,1\r\n\n");
  TextTable t = ReadTextTable(path, {',', true});
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "label"}));
  ASSERT_EQ(t.rows, 2);
  ASSERT_EQ(t.cols, 3);
  EXPECT_EQ(t.values, (std::vector<double>{1, 2.5, 0, -300, 4, 1}));
  EXPECT_EQ(t.lines, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(t.at(1, 0), -300);
}

TEST(TextTableTest, ReadsGzippedWhitespaceColumnsLikePlainOnes) {
  const std::string text = "  1.0  2.0\t3.0\n4 5 6\n";
  TextTable plain = ReadTextTable(WriteFile("w.txt", text), {' ', false});
  TextTable gz = ReadTextTable(WriteGz("w.txt.gz", text), {' ', false});
  EXPECT_TRUE(plain.columns.empty());
  EXPECT_EQ(plain.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(gz.values, plain.values);
  EXPECT_EQ(gz.rows, 2);
}

TEST(TextTableTest, ReadsLinesLongerThanItsReadBuffer) {
  std::string row;
  for (int i = 0; i < 20000; ++i) row += (i ? " " : "") + std::to_string(i % 7) + ".25";
  TextTable t = ReadTextTable(WriteFile("long.txt", row + "\n" + row + "\n"), {' ', false});
  EXPECT_EQ(t.cols, 20000);
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(t.at(1, 19999), 19999 % 7 + 0.25);
}

TEST(TextTableTest, RejectsMalformedRowsNamingFileAndLine) {
  const std::string short_row = WriteFile("short.csv", "a,b,c\n1,2,3\n\n4,5\n");
  EXPECT_EQ(ReadError(short_row, {',', true}),
            short_row + ":4: expected 3 fields, found 2");
  const std::string word = WriteFile("word.csv", "a,b\n1,2\n3,x7\n");
  EXPECT_EQ(ReadError(word, {',', true}), word + ":3: field 2 (b): 'x7' is not a number");
  const std::string empty_field = WriteFile("empty.csv", "1,,3\n");
  EXPECT_EQ(ReadError(empty_field, {',', false}),
            empty_field + ":1: field 2: '' is not a number");
  const std::string trailing = WriteFile("trail.txt", "1 2\n3 4 5\n");
  EXPECT_EQ(ReadError(trailing, {' ', false}), trailing + ":2: expected 2 fields, found 3");
  const std::string header_only = WriteFile("header.csv", "a,b\n");
  EXPECT_EQ(ReadError(header_only, {',', true}), header_only + ": holds no rows of data");
  const std::string missing = testing::TempDir() + "/no-such-table.csv";
  EXPECT_NE(ReadError(missing, {',', true}).find(missing + ": cannot be opened"),
            std::string::npos);
}

}  // namespace
}  // namespace ebm
