#include "src/data/tabular_preprocessing.h"

#include <cmath>

namespace ebm {
namespace {

// The indices of class c, in a random order.
torch::Tensor ShuffledMembers(const torch::Tensor& labels, int64_t c,
                              at::Generator& generator) {
  torch::Tensor members = torch::nonzero(labels == c).flatten();
  return members.index_select(
      0, torch::randperm(members.size(0), generator, torch::kLong));
}

torch::Tensor SortedCat(const std::vector<torch::Tensor>& parts) {
  if (parts.empty()) return torch::empty({0}, torch::kLong);
  return std::get<0>(torch::sort(torch::cat(parts)));
}

}  // namespace

std::vector<int64_t> FeaturesWithRareMinimum(const torch::Tensor& train,
                                             int64_t max_min_repeats) {
  std::vector<int64_t> kept;
  for (int64_t j = 0; j < train.size(1); ++j) {
    torch::Tensor column = train.select(1, j);
    const int64_t at_minimum = (column == column.min()).sum().item<int64_t>();
    if (at_minimum <= max_min_repeats) kept.push_back(j);
  }
  return kept;
}

Standardizer FitStandardizer(const torch::Tensor& train) {
  Standardizer s;
  s.mean = train.mean(0);
  s.std = train.std(0, /*unbiased=*/false);
  s.std = torch::where(s.std > 0, s.std, torch::ones_like(s.std));
  return s;
}

SplitIndices StratifiedSplit(const torch::Tensor& labels, int64_t num_classes,
                             double validation_fraction, double test_fraction,
                             at::Generator& generator) {
  TORCH_CHECK(validation_fraction >= 0 && test_fraction >= 0 &&
                  validation_fraction + test_fraction < 1,
              "split fractions must be >= 0 and sum to less than 1");
  std::vector<torch::Tensor> train, validation, test;
  for (int64_t c = 0; c < num_classes; ++c) {
    torch::Tensor members = ShuffledMembers(labels, c, generator);
    const int64_t n = members.size(0);
    const int64_t n_test = std::llround(n * test_fraction);
    const int64_t n_validation = std::llround(n * validation_fraction);
    test.push_back(members.slice(0, 0, n_test));
    validation.push_back(members.slice(0, n_test, n_test + n_validation));
    train.push_back(members.slice(0, n_test + n_validation, n));
  }
  return {SortedCat(train), SortedCat(validation), SortedCat(test)};
}

torch::Tensor ChooseLabeled(const torch::Tensor& labels, int64_t num_classes,
                            int64_t per_class, at::Generator& generator) {
  TORCH_CHECK(per_class >= 1, "labels_per_class must be >= 1");
  std::vector<torch::Tensor> chosen;
  for (int64_t c = 0; c < num_classes; ++c) {
    torch::Tensor members = ShuffledMembers(labels, c, generator);
    chosen.push_back(members.slice(0, 0, std::min(per_class, members.size(0))));
  }
  return SortedCat(chosen);
}

}  // namespace ebm
