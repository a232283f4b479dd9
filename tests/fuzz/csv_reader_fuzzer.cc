// libFuzzer harness: any bytes as a numeric text table (plain or gzipped);
// the first byte picks the delimiter (bit 0: ',' or whitespace) and whether
// a header line is expected (bit 1). Reading must give rows x cols values
// and a line number per row, or a std::runtime_error "FILE:LINE: ...".
#include <stdexcept>

#include "src/data/text_table.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ebm::TextTableFormat format;
  format.delimiter = data[0] & 1 ? ' ' : ',';
  format.header = (data[0] & 2) != 0;
  const std::string path = ebm::WriteFuzzInput(data + 1, size - 1, "csv", ".csv");
  if (path.empty()) return 0;
  try {
    ebm::TextTable table = ebm::ReadTextTable(path, format);
    if (table.values.size() != static_cast<size_t>(table.rows * table.cols)) __builtin_trap();
    if (table.lines.size() != static_cast<size_t>(table.rows)) __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
