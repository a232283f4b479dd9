// Every real data set a suite can read, image (image_datasets.h) or tabular
// (tabular_datasets.h), by name: what `ebmbench run` checks before any run
// starts.
#ifndef EBMBENCH_DATA_DATASETS_H_
#define EBMBENCH_DATA_DATASETS_H_

#include <string>

namespace ebm {

// Empty when every file of `name` is present; otherwise what is missing,
// where it is published and where to put it.
std::string MissingDatasetMessage(const std::string& name);

// Empty when `name` is present and every file reads and validates;
// otherwise the missing-data message or the first defect.
std::string DatasetProblem(const std::string& name);

}  // namespace ebm

#endif  // EBMBENCH_DATA_DATASETS_H_
