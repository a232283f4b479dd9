#include "src/core/whole_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ebm {

std::string ReadFileOrThrow(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteBytesChecked(const std::string& path, const std::string& data) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw std::runtime_error("cannot create " + path);
  const bool written = std::fwrite(data.data(), 1, data.size(), file) == data.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    std::remove(path.c_str());
    throw std::runtime_error("cannot write " + path + " (" + std::to_string(data.size()) +
                             " bytes): disk full?");
  }
}

}  // namespace ebm
