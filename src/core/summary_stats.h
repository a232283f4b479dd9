// Distribution summaries of a sample (step times, metric values over seeds).
#ifndef EBMBENCH_CORE_SUMMARY_STATS_H_
#define EBMBENCH_CORE_SUMMARY_STATS_H_

#include <cstdint>
#include <vector>

namespace ebm {

struct SummaryStats {
  int64_t count = 0;
  double total = 0, mean = 0, stddev = 0;  // sample standard deviation
  double min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};

// Quantiles interpolate linearly between order statistics (type 7, the
// default of R and NumPy). An empty sample gives all zeros.
SummaryStats Summarize(std::vector<double> values);

}  // namespace ebm

#endif  // EBMBENCH_CORE_SUMMARY_STATS_H_
