// A run's final samples on disk: a .npy file (src/core/npy_file.h) that
// `ebmbench report` reads without LibTorch and numpy.load reads as it is.
#ifndef EBMBENCH_SUITE_SAMPLE_FILE_H_
#define EBMBENCH_SUITE_SAMPLE_FILE_H_

#include <string>

#include <torch/types.h>

namespace ebm {

// Writes `samples` (any device; float64 stays float64, every other type is
// stored as float32) to `path`, every byte checked: a full disk throws
// std::runtime_error naming the path.
void SaveSampleFile(const torch::Tensor& samples, const std::string& path);

}  // namespace ebm

#endif  // EBMBENCH_SUITE_SAMPLE_FILE_H_
