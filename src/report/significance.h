// Small-sample statistics for comparing runs over seeds: Student-t
// confidence intervals of a mean and the Mann-Whitney U test. Distribution
// functions come from Boost.Math.
#ifndef EBMBENCH_REPORT_SIGNIFICANCE_H_
#define EBMBENCH_REPORT_SIGNIFICANCE_H_

#include <cstdint>
#include <vector>

namespace ebm {

struct MeanInterval {
  int64_t n = 0;
  double mean = 0;
  double low = 0;   // -inf for n < 2: one value says nothing about spread
  double high = 0;  // +inf for n < 2
};

// Two-sided `level` confidence interval of the mean (Student t, n - 1 df).
MeanInterval MeanConfidenceInterval(const std::vector<double>& values,
                                    double level = 0.95);

// Two-sided `level` prediction interval for one more value from the same
// distribution: mean ± t(n - 1) · s · sqrt(1 + 1/n). Infinite for n < 2.
MeanInterval PredictionInterval(const std::vector<double>& values,
                                double level = 0.95);

struct MannWhitneyResult {
  double u = 0;        // U of the first sample: pairs (a, b) with a > b, ties 1/2
  double p_value = 1;  // two-sided
  bool exact = false;  // exact null distribution (no ties, small samples)
};

// Mann-Whitney U test of "a and b come from one distribution". Exact p from
// the null distribution of U when there are no ties and both samples have
// at most 50 values; otherwise the normal approximation with tie and
// continuity corrections (always, when `allow_exact` is false).
MannWhitneyResult MannWhitneyU(const std::vector<double>& a,
                               const std::vector<double>& b,
                               bool allow_exact = true);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_SIGNIFICANCE_H_
