// SVHN's cropped-digits files (Netzer et al. 2011,
// ufldl.stanford.edu/housenumbers: train_32x32.mat, test_32x32.mat), read
// and written with matio (Debian's libmatio-dev), the MAT-file library.
//   X: uint8 [32, 32, 3, N] (MATLAB's column-major order)
//   y: [N, 1] labels 1..10, where 10 stands for the digit 0
// Reading gives channel-major images and labels 0..9 (10 -> 0). Errors
// name the file and what is wrong. No torch here.
#ifndef EBMBENCH_DATA_SVHN_MAT_H_
#define EBMBENCH_DATA_SVHN_MAT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

struct SvhnImages {
  int64_t count = 0;
  std::vector<uint8_t> pixels;  // count x 3 x 32 x 32, channel-major per image
  std::vector<uint8_t> labels;  // 0..9 (the digit)
};

// Throws std::runtime_error naming `path` for a missing or unreadable file,
// a missing or misshapen variable, or a label outside 1..10.
SvhnImages ReadSvhnMat(const std::string& path);

// Writes `images` as SVHN publishes them (X uint8, y double with 10 for 0),
// in MAT 5 format (for tests and conversions).
void WriteSvhnMat(const std::string& path, const SvhnImages& images);

}  // namespace ebm

#endif  // EBMBENCH_DATA_SVHN_MAT_H_
