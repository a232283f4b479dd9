#include "src/data/cifar_binary.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ebm {
namespace {

constexpr int64_t kPixels = 3 * 32 * 32;

int64_t LabelBytes(CifarKind kind) { return kind == CifarKind::kCifar10 ? 1 : 2; }

}  // namespace

void ReadCifarBinary(const std::string& path, CifarKind kind, CifarImages* images) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be opened");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  const int64_t record = LabelBytes(kind) + kPixels;
  const int64_t size = static_cast<int64_t>(bytes.size());
  if (size == 0 || size % record != 0) {
    throw std::runtime_error(path + ": " + std::to_string(size) +
                             " bytes is not a whole number of " + std::to_string(record) +
                             "-byte CIFAR-" + (kind == CifarKind::kCifar10 ? "10" : "100") +
                             " records");
  }
  const int64_t count = size / record;
  for (int64_t i = 0; i < count; ++i) {
    const uint8_t* r = bytes.data() + i * record;
    const uint8_t label = kind == CifarKind::kCifar10 ? r[0] : r[1];
    const int max_label = kind == CifarKind::kCifar10 ? 9 : 99;
    if (label > max_label || (kind == CifarKind::kCifar100 && r[0] > 19)) {
      throw std::runtime_error(path + ": record " + std::to_string(i) + " has label " +
                               std::to_string(kind == CifarKind::kCifar10 ? r[0] : label) +
                               (kind == CifarKind::kCifar100
                                    ? " (coarse " + std::to_string(r[0]) + ")"
                                    : std::string()) +
                               ", outside 0.." + std::to_string(max_label));
    }
    if (kind == CifarKind::kCifar100) images->coarse_labels.push_back(r[0]);
    images->labels.push_back(label);
    images->pixels.insert(images->pixels.end(), r + LabelBytes(kind), r + record);
  }
  images->count += count;
}

void WriteCifarBinary(const std::string& path, CifarKind kind, const CifarImages& images) {
  std::ofstream out(path, std::ios::binary);
  for (int64_t i = 0; i < images.count; ++i) {
    if (kind == CifarKind::kCifar100) out.put(static_cast<char>(images.coarse_labels[i]));
    out.put(static_cast<char>(images.labels[i]));
    out.write(reinterpret_cast<const char*>(images.pixels.data() + i * kPixels), kPixels);
  }
  if (!out) throw std::runtime_error(path + ": cannot be written");
}

}  // namespace ebm
