// The harnesses of readers that take a path: the fuzzer's bytes written to
// a file of this process (one per harness and process, rewritten for every
// input).
#ifndef EBMBENCH_TESTS_FUZZ_FUZZ_INPUT_FILE_H_
#define EBMBENCH_TESTS_FUZZ_FUZZ_INPUT_FILE_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace ebm {

// Writes `size` bytes to /tmp/ebmbench-fuzz-NAME-PID.SUFFIX and returns the
// path, or "" when the file cannot be written.
inline std::string WriteFuzzInput(const uint8_t* data, size_t size, const std::string& name,
                                  const std::string& suffix) {
  const std::string path =
      "/tmp/ebmbench-fuzz-" + name + "-" + std::to_string(getpid()) + suffix;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return "";
  const bool written = std::fwrite(data, 1, size, file) == size;
  return std::fclose(file) == 0 && written ? path : "";
}

}  // namespace ebm

#endif  // EBMBENCH_TESTS_FUZZ_FUZZ_INPUT_FILE_H_
