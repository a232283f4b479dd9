#include "src/suite/sample_file.h"

#include <vector>

#include "src/core/whole_file.h"
#include "src/core/npy_file.h"

namespace ebm {

void SaveSampleFile(const torch::Tensor& samples, const std::string& path) {
  const std::vector<int64_t> shape = samples.sizes().vec();
  torch::Tensor values = samples.detach().cpu();
  if (values.scalar_type() == torch::kFloat64) {
    values = values.contiguous();
    WriteBytesChecked(path, EncodeNpy(shape, values.data_ptr<double>()));
  } else {
    values = values.to(torch::kFloat32).contiguous();
    WriteBytesChecked(path, EncodeNpy(shape, values.data_ptr<float>()));
  }
}

}  // namespace ebm
