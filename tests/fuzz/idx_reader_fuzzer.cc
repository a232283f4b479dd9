// libFuzzer harness: any bytes as an IDX file (plain or gzipped: the
// reader sniffs). Reading must end in an array or a std::runtime_error
// naming the defect; never a crash, a hang or an allocation the file does
// not back.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "src/data/idx_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/ebmbench-idx-fuzz-" + std::to_string(getpid());
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  try {
    ebm::IdxArray array = ebm::ReadIdxFile(path);
    (void)array;
  } catch (const std::runtime_error&) {
  }
  return 0;
}
