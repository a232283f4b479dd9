#include "src/cli/text_table.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "src/core/visible_text.h"

namespace ebm {
namespace {

bool LooksNumeric(const std::string& cell) {
  if (cell.empty()) return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return *end == '\0' || cell == "nan";
}

}  // namespace

TextTable::TextTable(std::vector<std::string> header) : header_(std::move(header)) {}

void TextTable::AddRow(std::vector<std::string> row) {
  row.resize(header_.size());
  // Labels come from suite files and databases: a control character would
  // reach the terminal (an ANSI escape) or break the row (a newline).
  for (std::string& cell : row) cell = VisibleText(cell);
  rows_.push_back(std::move(row));
}

std::string TextTable::Number(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  return buffer;
}

void TextTable::Print(std::ostream& out) const {
  std::vector<size_t> width(header_.size());
  for (size_t c = 0; c < header_.size(); ++c) {
    width[c] = header_[c].size();
    for (const auto& row : rows_) width[c] = std::max(width[c], row[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& row, bool header) {
    for (size_t c = 0; c < row.size(); ++c) {
      std::string pad(width[c] - row[c].size(), ' ');
      bool right = !header && LooksNumeric(row[c]);
      out << (c ? "  " : "") << (right ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : ""));
    }
    out << '\n';
  };
  print_row(header_, true);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  print_row(rule, true);
  for (const auto& row : rows_) print_row(row, false);
}

}  // namespace ebm
