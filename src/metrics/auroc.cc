#include "src/metrics/auroc.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace ebm {

double Auroc(const std::vector<double>& positive, const std::vector<double>& negative) {
  if (positive.empty() || negative.empty())
    throw std::invalid_argument("AUROC needs at least one positive and one negative score");
  // (score, is positive), sorted by score.
  std::vector<std::pair<double, bool>> all;
  all.reserve(positive.size() + negative.size());
  for (double s : positive) all.push_back({s, true});
  for (double s : negative) all.push_back({s, false});
  for (const auto& [score, _] : all)
    if (std::isnan(score)) throw std::invalid_argument("AUROC of a NaN score");
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // Sum of the positives' ranks (1-based), a tied run sharing its mean rank.
  double positive_rank_sum = 0;
  for (size_t begin = 0; begin < all.size();) {
    size_t end = begin;
    int64_t positives_here = 0;
    while (end < all.size() && all[end].first == all[begin].first) {
      positives_here += all[end].second ? 1 : 0;
      ++end;
    }
    const double mid_rank = 0.5 * static_cast<double>(begin + 1 + end);
    positive_rank_sum += positives_here * mid_rank;
    begin = end;
  }
  const double n_pos = static_cast<double>(positive.size());
  const double n_neg = static_cast<double>(negative.size());
  return (positive_rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

}  // namespace ebm
