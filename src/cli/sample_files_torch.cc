// The .pt sample files of runs recorded before samples were saved as .npy.
#include <torch/serialize.h>
#include <torch/types.h>

#include "src/cli/sample_files.h"

namespace ebm {

NpyArray ReadTorchSampleFile(const std::string& path) {
  torch::Tensor tensor;
  torch::load(tensor, path);
  tensor = tensor.to(torch::kFloat32).contiguous();
  NpyArray array;
  array.shape = tensor.sizes().vec();
  array.values.assign(tensor.data_ptr<float>(), tensor.data_ptr<float>() + tensor.numel());
  return array;
}

}  // namespace ebm
