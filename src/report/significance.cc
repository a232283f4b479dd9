#include "src/report/significance.h"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace ebm {
namespace {

// Number of arrangements of m + n values giving each U, by the recurrence
// c(m, n, u) = c(m - 1, n, u - n) + c(m, n - 1, u).
std::vector<double> ExactUCounts(int m, int n) {
  // table[i][j] is the count vector for sizes (i, j); built row by row.
  std::vector<std::vector<std::vector<double>>> table(
      m + 1, std::vector<std::vector<double>>(n + 1));
  for (int i = 0; i <= m; ++i) {
    for (int j = 0; j <= n; ++j) {
      std::vector<double>& counts = table[i][j];
      counts.assign(i * j + 1, 0.0);
      if (i == 0 || j == 0) {
        counts[0] = 1;
        continue;
      }
      // The largest value is from a (beating all j of b) or from b.
      const std::vector<double>& from_a = table[i - 1][j];
      const std::vector<double>& from_b = table[i][j - 1];
      for (size_t u = 0; u < from_a.size(); ++u) counts[u + j] += from_a[u];
      for (size_t u = 0; u < from_b.size(); ++u) counts[u] += from_b[u];
    }
  }
  return table[m][n];
}

}  // namespace

namespace {

// mean ± t(n - 1, level) · s · scale(n).
MeanInterval StudentInterval(const std::vector<double>& values, double level,
                             double (*scale)(double n)) {
  MeanInterval interval;
  interval.n = static_cast<int64_t>(values.size());
  if (values.empty()) return interval;
  double sum = 0;
  for (double v : values) sum += v;
  interval.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) {
    interval.low = -std::numeric_limits<double>::infinity();
    interval.high = std::numeric_limits<double>::infinity();
    return interval;
  }
  double squares = 0;
  for (double v : values) squares += (v - interval.mean) * (v - interval.mean);
  const double n = static_cast<double>(values.size());
  const double s = std::sqrt(squares / (n - 1));
  boost::math::students_t t(n - 1);
  const double half_width = boost::math::quantile(t, 0.5 + level / 2) * s * scale(n);
  interval.low = interval.mean - half_width;
  interval.high = interval.mean + half_width;
  return interval;
}

}  // namespace

MeanInterval MeanConfidenceInterval(const std::vector<double>& values,
                                    double level) {
  return StudentInterval(values, level, [](double n) { return std::sqrt(1 / n); });
}

MeanInterval PredictionInterval(const std::vector<double>& values, double level) {
  return StudentInterval(values, level, [](double n) { return std::sqrt(1 + 1 / n); });
}

MannWhitneyResult MannWhitneyU(const std::vector<double>& a,
                               const std::vector<double>& b, bool allow_exact) {
  MannWhitneyResult result;
  if (a.empty() || b.empty()) return result;
  bool ties = false;
  for (double x : a) {
    for (double y : b) {
      if (x > y) result.u += 1;
      if (x == y) {
        result.u += 0.5;
        ties = true;
      }
    }
  }
  const int m = static_cast<int>(a.size()), n = static_cast<int>(b.size());
  std::map<double, int> multiplicity;
  for (double x : a) ++multiplicity[x];
  for (double y : b) ++multiplicity[y];
  for (const auto& [value, count] : multiplicity) ties = ties || count > 1;

  if (allow_exact && !ties && m <= 50 && n <= 50) {
    std::vector<double> counts = ExactUCounts(m, n);
    double total = 0, below = 0, above = 0;
    for (size_t u = 0; u < counts.size(); ++u) {
      total += counts[u];
      if (static_cast<double>(u) <= result.u) below += counts[u];
      if (static_cast<double>(u) >= result.u) above += counts[u];
    }
    result.p_value = std::min(1.0, 2 * std::min(below, above) / total);
    result.exact = true;
    return result;
  }
  const double N = m + n;
  double tie_term = 0;
  for (const auto& [value, count] : multiplicity)
    tie_term += std::pow(count, 3) - count;
  const double mean = m * n / 2.0;
  const double variance = m * n / 12.0 * ((N + 1) - tie_term / (N * (N - 1)));
  if (variance <= 0) {
    result.p_value = 1;  // every value equal
    return result;
  }
  const double distance = std::max(0.0, std::abs(result.u - mean) - 0.5);
  boost::math::normal standard;
  result.p_value =
      std::min(1.0, 2 * boost::math::cdf(boost::math::complement(
                            standard, distance / std::sqrt(variance))));
  return result;
}

}  // namespace ebm
