// Writing an 8-bit PNG with libpng: the one place that knows libpng.
#ifndef EBMBENCH_REPORT_PNG_FILE_H_
#define EBMBENCH_REPORT_PNG_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

// `pixels` holds height rows of width * channels bytes (channels 1 = gray,
// 3 = RGB). Throws std::runtime_error naming `path` when it cannot be
// written.
void WritePngFile(const std::string& path, int width, int height, int channels,
                  const std::vector<uint8_t>& pixels);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_PNG_FILE_H_
