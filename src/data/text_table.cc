#include "src/data/text_table.h"

#include <zlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace ebm {
namespace {

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

// Reads one line without its end-of-line; false at the end of the file.
bool ReadLine(gzFile file, const std::string& path, std::string* line) {
  line->clear();
  char buffer[65536];
  while (gzgets(file, buffer, sizeof(buffer)) != nullptr) {
    line->append(buffer);
    if (!line->empty() && line->back() == '\n') break;
  }
  int error = Z_OK;
  const char* message = gzerror(file, &error);
  if (error != Z_OK && error != Z_BUF_ERROR)
    throw std::runtime_error(path + ": cannot be read (" + message + ")");
  if (line->empty()) return false;
  while (!line->empty() && (line->back() == '\n' || line->back() == '\r'))
    line->pop_back();
  return true;
}

bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t") == std::string::npos;
}

std::string Trim(const std::string& field) {
  const size_t begin = field.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return field.substr(begin, field.find_last_not_of(" \t") - begin + 1);
}

std::vector<std::string> SplitFields(const std::string& line, char delimiter) {
  std::vector<std::string> fields;
  if (delimiter == ' ') {
    size_t pos = 0;
    while (true) {
      pos = line.find_first_not_of(" \t", pos);
      if (pos == std::string::npos) break;
      const size_t end = line.find_first_of(" \t", pos);
      fields.push_back(line.substr(pos, end - pos));
      if (end == std::string::npos) break;
      pos = end;
    }
    return fields;
  }
  size_t start = 0;
  while (true) {
    const size_t end = line.find(delimiter, start);
    fields.push_back(Trim(line.substr(start, end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return fields;
}

}  // namespace

TextTable ReadTextTable(const std::string& path, const TextTableFormat& format) {
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) {
    throw std::runtime_error(path + ": cannot be opened (" +
                             std::string(errno ? std::strerror(errno) : "unknown") + ")");
  }
  gzbuffer(file.get(), 1 << 17);
  TextTable table;
  std::string line;
  int64_t line_number = 0;
  bool header_pending = format.header;
  auto where = [&]() { return path + ":" + std::to_string(line_number) + ": "; };
  while (ReadLine(file.get(), path, &line)) {
    ++line_number;
    if (IsBlank(line)) continue;
    std::vector<std::string> fields = SplitFields(line, format.delimiter);
    if (header_pending) {
      table.columns = fields;
      table.cols = static_cast<int64_t>(fields.size());
      header_pending = false;
      continue;
    }
    if (table.cols == 0) table.cols = static_cast<int64_t>(fields.size());
    if (static_cast<int64_t>(fields.size()) != table.cols) {
      throw std::runtime_error(where() + "expected " + std::to_string(table.cols) +
                               " fields, found " + std::to_string(fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string& field = fields[i];
      char* end = nullptr;
      errno = 0;
      const double value = std::strtod(field.c_str(), &end);
      if (field.empty() || end != field.c_str() + field.size() || errno == ERANGE) {
        const std::string column =
            i < table.columns.size() ? " (" + table.columns[i] + ")" : "";
        throw std::runtime_error(where() + "field " + std::to_string(i + 1) + column +
                                 ": '" + field + "' is not a number");
      }
      table.values.push_back(value);
    }
    table.lines.push_back(line_number);
    ++table.rows;
  }
  if (table.rows == 0) throw std::runtime_error(path + ": holds no rows of data");
  return table;
}

}  // namespace ebm
