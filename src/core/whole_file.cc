#include "src/core/whole_file.h"

#include <cstdio>
#include <filesystem>
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

void WriteFileAtomically(const std::string& path, const std::string& content) {
  if (std::filesystem::is_directory(path))
    throw std::runtime_error("cannot write " + path + ": it is a folder");
  const std::string temporary = path + ".tmp";
  try {
    WriteBytesChecked(temporary, content);  // leaves no partial file
  } catch (const std::runtime_error&) {
    throw std::runtime_error("cannot write " + path + " (disk full or not writable?)");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error("cannot write " + path + ": " + error.message());
  }
}

}  // namespace ebm
