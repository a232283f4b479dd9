// libFuzzer harness: any bytes as an SVHN .mat file, read through matio.
// Reading must give count x 3072 pixels and labels 0..9, or a
// std::runtime_error naming the file and what is wrong.
#include <stdexcept>

#include "src/data/svhn_mat.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ebm::WriteFuzzInput(data, size, "svhn", ".mat");
  if (path.empty()) return 0;
  try {
    ebm::SvhnImages images = ebm::ReadSvhnMat(path);
    if (images.pixels.size() != static_cast<size_t>(images.count) * 3072) __builtin_trap();
    if (images.labels.size() != static_cast<size_t>(images.count)) __builtin_trap();
    for (uint8_t label : images.labels)
      if (label > 9) __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
