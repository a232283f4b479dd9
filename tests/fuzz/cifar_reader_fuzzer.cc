// libFuzzer harness: any bytes as a CIFAR binary file; the first byte picks
// CIFAR-10 (even) or CIFAR-100 (odd). Reading must give whole records with
// labels in range, or a std::runtime_error naming the file and record.
#include <stdexcept>

#include "src/data/cifar_binary.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ebm::CifarKind kind = data[0] % 2 == 0 ? ebm::CifarKind::kCifar10
                                                : ebm::CifarKind::kCifar100;
  const std::string path = ebm::WriteFuzzInput(data + 1, size - 1, "cifar", ".bin");
  if (path.empty()) return 0;
  try {
    ebm::CifarImages images;
    ebm::ReadCifarBinary(path, kind, &images);
    const int max_label = kind == ebm::CifarKind::kCifar10 ? 9 : 99;
    if (images.pixels.size() != static_cast<size_t>(images.count) * 3072) __builtin_trap();
    for (uint8_t label : images.labels)
      if (label > max_label) __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
