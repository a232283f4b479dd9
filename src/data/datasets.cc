#include "src/data/datasets.h"

#include "src/data/color_image_datasets.h"
#include "src/data/image_datasets.h"
#include "src/data/tabular_datasets.h"

namespace ebm {

std::string MissingDatasetMessage(const std::string& name) {
  if (IsTabularDataset(name)) return MissingTabularDatasetMessage(name);
  if (IsColorImageDataset(name)) return MissingColorImageDatasetMessage(name);
  return MissingImageDatasetMessage(name);
}

std::string DatasetProblem(const std::string& name) {
  if (IsTabularDataset(name)) return TabularDatasetProblem(name);
  if (IsColorImageDataset(name)) return ColorImageDatasetProblem(name);
  return ImageDatasetProblem(name);
}

}  // namespace ebm
