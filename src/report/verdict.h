// Verdicts on one quantity (a metric over seeds, or a normalized step time
// over runs) of a candidate against its baseline.
//
// A change counts only when it is both large enough (the minimum effect:
// the larger of an absolute and a relative-to-baseline threshold) and
// statistically evident: Mann-Whitney U at level alpha when each side has at
// least `min_samples_for_rank_test` values; else (2+ values each) disjoint
// 95% Student-t confidence intervals of the means, or every candidate value
// outside the baseline's 95% prediction interval on the side of the change.
// A change below the minimum effect is "unchanged"; one above it without
// evidence is "inconclusive".
#ifndef EBMBENCH_REPORT_VERDICT_H_
#define EBMBENCH_REPORT_VERDICT_H_

#include <string>
#include <vector>

#include "src/report/significance.h"
#include "src/tasks/task_info.h"

namespace ebm {

enum class Verdict {
  kRegressed,
  kImproved,
  kUnchanged,
  kInconclusive,
  kIncomparable,  // nothing to compare with (missing side, other machine)
  kNewlyFailing,  // baseline runs all finished; candidate runs failed or diverged
  kFixed,         // the reverse
};

const char* VerdictName(Verdict verdict);

struct JudgeSettings {
  double min_relative_effect = 0.01;  // of |baseline mean|
  double min_absolute_effect = 0.0;
  double alpha = 0.05;
  int min_samples_for_rank_test = 5;
};

struct Judgement {
  Verdict verdict = Verdict::kIncomparable;
  MeanInterval baseline, candidate;
  double effect = 0;      // candidate minus baseline, > 0 when better
  double min_effect = 0;
  std::string evidence;   // how the verdict was reached, for tables
};

// `direction` must not be kInformational.
Judgement Judge(const std::vector<double>& baseline,
                const std::vector<double>& candidate,
                MetricDirection direction, const JudgeSettings& settings);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_VERDICT_H_
