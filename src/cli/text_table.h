// Plain-text tables for the terminal: columns padded to their widest cell,
// numbers right-aligned.
#ifndef EBMBENCH_CLI_TEXT_TABLE_H_
#define EBMBENCH_CLI_TEXT_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace ebm {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header);
  void AddRow(std::vector<std::string> row);
  void Print(std::ostream& out) const;
  bool empty() const { return rows_.empty(); }

  // Fixed-point with `digits` decimals; "nan" and "-" pass through.
  static std::string Number(double value, int digits = 3);

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ebm

#endif  // EBMBENCH_CLI_TEXT_TABLE_H_
