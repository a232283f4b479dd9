#include "src/core/npy_file.h"

#include <cstring>
#include <sstream>
#include <stdexcept>

#include "src/core/whole_file.h"

namespace ebm {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              ".npy files are written in this machine's byte order, declared little-endian");

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
// numpy aligns the data to 64 bytes (since 1.14; older readers need 16).
constexpr size_t kAlignment = 64;

std::string ShapeLiteral(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(shape[i]);
  }
  if (shape.size() == 1) out += ",";  // a 1-tuple, as Python writes it
  return out + ")";
}

int64_t Count(const std::vector<int64_t>& shape) {
  int64_t count = 1;
  for (int64_t extent : shape) count *= extent;
  return count;
}

template <typename T>
std::string Encode(const std::vector<int64_t>& shape, const T* values, const char* descr) {
  for (int64_t extent : shape)
    if (extent < 0) throw std::invalid_argument("EncodeNpy: negative extent in shape");
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + ShapeLiteral(shape) + ", }";
  // Magic, two version bytes, two length bytes, the header and its '\n'.
  const size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
  header += '\n';
  std::string bytes(kMagic, kMagicSize);
  bytes += '\x01';
  bytes += '\x00';
  const uint16_t length = static_cast<uint16_t>(header.size());
  bytes += static_cast<char>(length & 0xff);
  bytes += static_cast<char>(length >> 8);
  bytes += header;
  bytes.append(reinterpret_cast<const char*>(values), sizeof(T) * Count(shape));
  return bytes;
}

// The text after `key`'s colon in the header dictionary.
std::string ValueOf(const std::string& header, const std::string& key,
                    const std::string& name) {
  const size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    throw std::runtime_error(name + ": the .npy header has no '" + key + "'");
  const size_t colon = header.find(':', at);
  if (colon == std::string::npos)
    throw std::runtime_error(name + ": malformed .npy header: " + header);
  size_t start = header.find_first_not_of(' ', colon + 1);
  return start == std::string::npos ? "" : header.substr(start);
}

std::vector<int64_t> ParseShape(const std::string& text, const std::string& name) {
  const size_t close = text.find(')');
  if (text.empty() || text[0] != '(' || close == std::string::npos)
    throw std::runtime_error(name + ": malformed shape in the .npy header: " + text);
  std::vector<int64_t> shape;
  std::stringstream items(text.substr(1, close - 1));
  std::string item;
  while (std::getline(items, item, ',')) {
    const size_t first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;  // the 1-tuple's trailing comma
    size_t used = 0;
    int64_t extent = -1;
    try {
      extent = std::stoll(item.substr(first), &used);
    } catch (const std::exception&) {
    }
    if (extent < 0 || item.find_first_not_of(' ', first + used) != std::string::npos)
      throw std::runtime_error(name + ": malformed shape in the .npy header: " + text);
    shape.push_back(extent);
  }
  return shape;
}

}  // namespace

std::string EncodeNpy(const std::vector<int64_t>& shape, const float* values) {
  return Encode(shape, values, "<f4");
}

std::string EncodeNpy(const std::vector<int64_t>& shape, const double* values) {
  return Encode(shape, values, "<f8");
}

NpyArray DecodeNpy(const std::string& bytes, const std::string& name) {
  if (bytes.size() < kMagicSize + 4 || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    throw std::runtime_error(name + ": not a .npy file (no \\x93NUMPY magic string)");
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const int major = byte(kMagicSize);
  size_t header_start = 0, header_length = 0;
  if (major == 1) {
    header_start = kMagicSize + 4;
    header_length = byte(8) | (byte(9) << 8);
  } else if (major == 2 || major == 3) {
    header_start = kMagicSize + 6;
    if (bytes.size() < header_start)
      throw std::runtime_error(name + ": truncated .npy header");
    header_length = byte(8) | (byte(9) << 8) | (byte(10) << 16) |
                    (static_cast<size_t>(byte(11)) << 24);
  } else {
    throw std::runtime_error(name + ": .npy format version " + std::to_string(major) +
                             " is not one this build reads (1 to 3)");
  }
  if (bytes.size() < header_start + header_length)
    throw std::runtime_error(name + ": truncated .npy header");
  const std::string header = bytes.substr(header_start, header_length);
  const std::string descr = ValueOf(header, "descr", name);
  size_t item_size = 0;
  if (descr.rfind("'<f4'", 0) == 0) {
    item_size = 4;
  } else if (descr.rfind("'<f8'", 0) == 0) {
    item_size = 8;
  } else {
    throw std::runtime_error(name + ": .npy data type " + descr.substr(0, descr.find(',')) +
                             " is not little-endian float32 or float64");
  }
  if (ValueOf(header, "fortran_order", name).rfind("False", 0) != 0)
    throw std::runtime_error(name + ": the .npy array is in Fortran order (C order expected)");
  NpyArray array;
  array.shape = ParseShape(ValueOf(header, "shape", name), name);
  const size_t count = static_cast<size_t>(Count(array.shape));
  const size_t data_start = header_start + header_length;
  if (bytes.size() - data_start != count * item_size)
    throw std::runtime_error(name + ": the .npy file holds " +
                             std::to_string(bytes.size() - data_start) +
                             " bytes of data, its shape " + ShapeLiteral(array.shape) +
                             " needs " + std::to_string(count * item_size));
  array.values.resize(count);
  const char* data = bytes.data() + data_start;
  if (item_size == 4) {
    std::memcpy(array.values.data(), data, count * 4);
  } else {
    for (size_t i = 0; i < count; ++i) {
      double value;
      std::memcpy(&value, data + 8 * i, 8);
      array.values[i] = static_cast<float>(value);
    }
  }
  return array;
}

NpyArray ReadNpyFile(const std::string& path) {
  return DecodeNpy(ReadFileOrThrow(path), path);
}

}  // namespace ebm
