#include "src/cli/sample_files.h"

namespace ebm {

NpyArray ReadSampleFile(const std::string& path) {
  const std::string suffix = ".pt";
  const bool torch_file = path.size() >= suffix.size() &&
                          path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  return torch_file ? ReadTorchSampleFile(path) : ReadNpyFile(path);
}

}  // namespace ebm
