#include "src/data/datasets.h"

#include "src/data/image_datasets.h"
#include "src/data/tabular_datasets.h"

namespace ebm {

std::string MissingDatasetMessage(const std::string& name) {
  return IsTabularDataset(name) ? MissingTabularDatasetMessage(name)
                                : MissingImageDatasetMessage(name);
}

std::string DatasetProblem(const std::string& name) {
  return IsTabularDataset(name) ? TabularDatasetProblem(name) : ImageDatasetProblem(name);
}

}  // namespace ebm
