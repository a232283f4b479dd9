// The paper's preprocessing of tabular data and the splits a semi-supervised
// run uses. Every choice that is random takes a generator, so that a split
// is a function of (data set, seed) and a resumed run sees the same one.
#ifndef EBMBENCH_DATA_TABULAR_PREPROCESSING_H_
#define EBMBENCH_DATA_TABULAR_PREPROCESSING_H_

#include <torch/torch.h>

#include <vector>

namespace ebm {

// The columns of `train` ([N, D]) to keep: those whose smallest value occurs
// at most `max_min_repeats` times. The paper drops the others (HEPMASS,
// HUMAN, CROP with 5): a feature that sits at its floor for many examples
// is a clipped or discrete one, with no density an EBM could fit.
std::vector<int64_t> FeaturesWithRareMinimum(const torch::Tensor& train,
                                             int64_t max_min_repeats);

// x -> (x - mean) / std with the training split's statistics (population
// std); a constant column is only centred.
struct Standardizer {
  torch::Tensor mean;
  torch::Tensor std;
  torch::Tensor Apply(const torch::Tensor& x) const { return (x - mean) / std; }
};
Standardizer FitStandardizer(const torch::Tensor& train);

// Row indices (int64, sorted) of each split.
struct SplitIndices {
  torch::Tensor train;
  torch::Tensor validation;
  torch::Tensor test;
};

// Per class, a random round(n_c * fraction) examples go to validation and to
// test, the rest to train: every split has each class in proportion, even a
// class with ten examples (Shuttle).
SplitIndices StratifiedSplit(const torch::Tensor& labels, int64_t num_classes,
                             double validation_fraction, double test_fraction,
                             at::Generator& generator);

// Indices into `labels` (sorted) of min(per_class, count) randomly chosen
// examples of each class: the labelled subset of a semi-supervised run.
torch::Tensor ChooseLabeled(const torch::Tensor& labels, int64_t num_classes,
                            int64_t per_class, at::Generator& generator);

}  // namespace ebm

#endif  // EBMBENCH_DATA_TABULAR_PREPROCESSING_H_
