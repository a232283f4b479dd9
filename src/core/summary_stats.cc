#include "src/core/summary_stats.h"

#include <algorithm>
#include <cmath>

namespace ebm {
namespace {

double Quantile(const std::vector<double>& sorted, double q) {
  double position = q * static_cast<double>(sorted.size() - 1);
  size_t below = static_cast<size_t>(std::floor(position));
  size_t above = std::min(below + 1, sorted.size() - 1);
  double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

}  // namespace

SummaryStats Summarize(std::vector<double> values) {
  SummaryStats s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.count = static_cast<int64_t>(values.size());
  for (double v : values) s.total += v;
  s.mean = s.total / static_cast<double>(s.count);
  if (s.count > 1) {
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(squares / static_cast<double>(s.count - 1));
  }
  s.min = values.front();
  s.max = values.back();
  s.p50 = Quantile(values, 0.5);
  s.p90 = Quantile(values, 0.9);
  s.p99 = Quantile(values, 0.99);
  return s;
}

}  // namespace ebm
