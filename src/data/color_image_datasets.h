// The 32x32 colour data sets of the JEM experiments, read from where the
// user puts them under the data root (no package ships them):
//   cifar10/cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin
//   cifar100/cifar-100-binary/{train,test}.bin
//   svhn/{train,test}_32x32.mat
// (the layouts their published archives unpack to). A missing file is an
// error saying where the data set is published and where to put it.
#ifndef EBMBENCH_DATA_COLOR_IMAGE_DATASETS_H_
#define EBMBENCH_DATA_COLOR_IMAGE_DATASETS_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/data/data_choices.h"

namespace ebm {

bool IsColorImageDataset(const std::string& name);

// Empty when every file is present; else the first missing one, where the
// data set is published and where to put it.
std::string MissingColorImageDatasetMessage(const std::string& name);
// The missing-data message, or the first file's defect; empty when both
// splits read.
std::string ColorImageDatasetProblem(const std::string& name);

struct ColorImageSplit {
  torch::Tensor images;  // uint8 [N, 3, 32, 32]
  torch::Tensor labels;  // int64 [N], 0..classes-1
};

// Throws std::runtime_error with the missing-data message or the defect.
ColorImageSplit LoadColorImageSplit(const std::string& name, bool train);
int64_t ColorImageClasses(const std::string& name);

}  // namespace ebm

#endif  // EBMBENCH_DATA_COLOR_IMAGE_DATASETS_H_
