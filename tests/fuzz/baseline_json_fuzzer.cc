// libFuzzer harness: any bytes as a baseline file (`ebmbench check
// --baseline`). Reading must give groups with counts from 0 up, or a
// std::runtime_error naming the file.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "src/report/baseline_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const ebm::RunGroup& group : ebm::RunGroupsFromJson(text, "fuzz.json"))
      if (group.runs < 0 || group.finished < 0 || group.failed < 0 || group.diverged < 0)
        __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
