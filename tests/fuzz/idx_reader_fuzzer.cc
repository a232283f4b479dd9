// libFuzzer harness: any bytes as an IDX file (plain or gzipped: the
// reader sniffs). Reading must end in an array or a std::runtime_error
// naming the defect; never a crash, a hang or an allocation the file does
// not back.
#include <stdexcept>

#include "src/data/idx_file.h"
#include "tests/fuzz/fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ebm::WriteFuzzInput(data, size, "idx", ".idx");
  if (path.empty()) return 0;
  try {
    ebm::IdxArray array = ebm::ReadIdxFile(path);
    (void)array;
  } catch (const std::runtime_error&) {
  }
  return 0;
}
