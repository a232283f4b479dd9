// Numeric tables in text files, as tabular data sets are published: CSV
// (comma-separated) or whitespace-separated columns, plain or gzipped (zlib
// reads both alike), with or without a header line. No torch here.
//
// Every row must have the same number of fields and every field must be a
// number; anything else is an error naming the file, the line and the
// field. Blank lines are skipped.
#ifndef EBMBENCH_DATA_TEXT_TABLE_H_
#define EBMBENCH_DATA_TEXT_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

struct TextTableFormat {
  // ',' for CSV; ' ' for columns separated by runs of spaces or tabs.
  char delimiter = ',';
  bool header = true;
};

struct TextTable {
  std::vector<std::string> columns;  // the header's names; empty without one
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<double> values;  // row-major, rows * cols
  std::vector<int64_t> lines;  // each row's line number in the file

  double at(int64_t row, int64_t col) const { return values[row * cols + col]; }
};

// Throws std::runtime_error ("FILE:LINE: ...") for a missing or unreadable
// file, a row with the wrong field count, a field that is not a number, or
// a file without rows.
TextTable ReadTextTable(const std::string& path, const TextTableFormat& format);

}  // namespace ebm

#endif  // EBMBENCH_DATA_TEXT_TABLE_H_
