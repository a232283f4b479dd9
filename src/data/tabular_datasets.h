// The tabular data sets of the semi-supervised task: where each lives, what
// to do when it is missing, and loading it split, filtered and standardized.
//
// Under the data root (see image_datasets.h: --data-dir, $EBMBENCH_DATA,
// ./data), one folder per data set:
//   fetched by tools/fetch_data.sh from Debian packages, as <name>.csv with
//   a header, numeric features and `label` (0..K-1) last:
//     satellite  Statlog Landsat, 6435 x 36, 6 classes   (r-cran-mlbench)
//     shuttle    Statlog Shuttle, 58000 x 9, 7 classes   (r-cran-mlbench)
//     letter     Letter recognition, 20000 x 16, 26      (r-cran-mlbench)
//     digits     sklearn's 8x8 digits, 1797 x 64, 10     (python3-sklearn)
//   the paper's, published by UCI only, put there by the user in their
//   published formats:
//     hepmass/1000_train.csv, 1000_test.csv (or .csv.gz): label first,
//             27 features, then the mass column (dropped: one value per
//             mass point, not a feature)
//     human/train/X_train.txt, y_train.txt, test/X_test.txt, y_test.txt
//             (UCI HAR: 561 whitespace-separated features, labels 1..6)
//     crop/WinnipegDataset.txt: CSV, `label` (1..7) first, 174 features
//
// Splits: a data set with its own test file keeps it and takes a stratified
// 10% of its training file as validation (the paper: the last 10%);
// otherwise a stratified 70 / 10 / 20 split (crop: 80 / 10 / 10, as the
// paper). Both are drawn from the generator the caller passes. The paper's
// filter (FeaturesWithRareMinimum with 5) applies to hepmass, human and
// crop; the packaged sets have integer features, whose minimum repeats by
// nature, and keep them all. Features are standardized with the training
// split's statistics.
#ifndef EBMBENCH_DATA_TABULAR_DATASETS_H_
#define EBMBENCH_DATA_TABULAR_DATASETS_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/data/data_choices.h"

namespace ebm {

bool IsTabularDataset(const std::string& name);

// Empty when every file of `name` is present; otherwise which file is
// missing, where the data set is published and where to put it (and, for
// the packaged ones, the command that fetches it).
std::string MissingTabularDatasetMessage(const std::string& name);

// Empty when `name` is present and reads and validates; otherwise the
// missing-data message or the first defect (file and line named).
std::string TabularDatasetProblem(const std::string& name);

struct LabeledTable {
  torch::Tensor x;  // float32 [N, D]
  torch::Tensor y;  // int64 [N]
};

struct TabularData {
  LabeledTable train, validation, test;
  int64_t num_classes = 0;
  int64_t raw_features = 0;  // before the feature filter
};

// Throws std::runtime_error with the missing-data message or the defect.
TabularData LoadTabularDataset(const std::string& name, at::Generator& split_generator);

// What every tabular data set goes through once read: a stratified split of
// `pool` into train / validation / test (keeping `test` instead when it is
// defined: the data set's own test file), the paper's feature filter when
// `rare_min_filter`, and standardization with the training split's
// statistics (float32 out).
struct TabularSplit {
  double validation_fraction = 0.1;
  double test_fraction = 0.2;  // unused when the data set has its own test set
  bool rare_min_filter = false;
};
TabularData PrepareTabular(const LabeledTable& pool, const LabeledTable& test,
                           int64_t num_classes, const TabularSplit& settings,
                           at::Generator& split_generator);

}  // namespace ebm

#endif  // EBMBENCH_DATA_TABULAR_DATASETS_H_
