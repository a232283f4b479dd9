// Area under the ROC curve of a score that should rank positives (the
// in-distribution test set, in OOD detection) above negatives: the
// probability that a random positive scores higher than a random negative,
// ties counting one half (the Mann-Whitney U statistic over n_pos * n_neg).
// Exact, by mid-ranks: O(n log n). No torch here.
#ifndef EBMBENCH_METRICS_AUROC_H_
#define EBMBENCH_METRICS_AUROC_H_

#include <vector>

namespace ebm {

// Throws std::invalid_argument for an empty set or a NaN score.
double Auroc(const std::vector<double>& positive, const std::vector<double>& negative);

}  // namespace ebm

#endif  // EBMBENCH_METRICS_AUROC_H_
