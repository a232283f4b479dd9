#include "src/report/verdict.h"

#include <cmath>
#include <cstdio>

namespace ebm {
namespace {

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, value);
  return buffer;
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRegressed: return "regressed";
    case Verdict::kImproved: return "improved";
    case Verdict::kUnchanged: return "unchanged";
    case Verdict::kInconclusive: return "inconclusive";
    case Verdict::kIncomparable: return "incomparable";
    case Verdict::kNewlyFailing: return "newly failing";
    case Verdict::kFixed: return "fixed";
  }
  return "?";
}

Judgement Judge(const std::vector<double>& baseline,
                const std::vector<double>& candidate,
                MetricDirection direction, const JudgeSettings& settings) {
  Judgement j;
  j.baseline = MeanConfidenceInterval(baseline);
  j.candidate = MeanConfidenceInterval(candidate);
  if (baseline.empty() || candidate.empty()) {
    j.verdict = Verdict::kIncomparable;
    j.evidence = baseline.empty() ? "no baseline values" : "no candidate values";
    return j;
  }
  const double sign = direction == MetricDirection::kLowerIsBetter ? -1.0 : 1.0;
  j.effect = sign * (j.candidate.mean - j.baseline.mean);
  j.min_effect = std::max(settings.min_absolute_effect,
                          settings.min_relative_effect * std::abs(j.baseline.mean));
  if (std::abs(j.effect) < j.min_effect || j.effect == 0) {
    j.verdict = Verdict::kUnchanged;
    j.evidence = "effect below " + Format("%.3g", j.min_effect);
    return j;
  }
  const Verdict change = j.effect > 0 ? Verdict::kImproved : Verdict::kRegressed;
  const int k = settings.min_samples_for_rank_test;
  if (static_cast<int>(baseline.size()) >= k &&
      static_cast<int>(candidate.size()) >= k) {
    MannWhitneyResult test = MannWhitneyU(candidate, baseline);
    j.evidence = "Mann-Whitney p=" + Format("%.3g", test.p_value);
    j.verdict = test.p_value < settings.alpha ? change : Verdict::kInconclusive;
    return j;
  }
  if (baseline.size() >= 2 && candidate.size() >= 2) {
    const bool disjoint = j.candidate.low > j.baseline.high ||
                          j.candidate.high < j.baseline.low;
    // Every candidate value beyond where one more baseline value would fall
    // (95%), on the side of the change: a few wildly scattered but uniformly
    // worse seeds are evidence even when their own interval is wide.
    const MeanInterval expected = PredictionInterval(baseline);
    bool all_beyond = true;
    for (double v : candidate) {
      const bool beyond = j.candidate.mean > j.baseline.mean ? v > expected.high
                                                             : v < expected.low;
      all_beyond = all_beyond && beyond;
    }
    j.evidence = disjoint     ? "95% CIs disjoint"
                 : all_beyond ? "every value outside the baseline's 95% prediction interval"
                              : "95% CIs overlap";
    j.verdict = disjoint || all_beyond ? change : Verdict::kInconclusive;
    return j;
  }
  j.evidence = "too few values for evidence";
  j.verdict = Verdict::kInconclusive;
  return j;
}

}  // namespace ebm
