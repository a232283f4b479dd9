#include "src/report/comparison.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace ebm {
namespace {

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4g", value);
  return buffer;
}

std::string Interval(const MeanInterval& i) {
  if (i.n == 0) return "-";
  if (i.n == 1) return Number(i.mean) + " (n=1)";
  return Number(i.mean) + " ± " + Number(i.high - i.mean) + " (n=" +
         std::to_string(i.n) + ")";
}

ComparisonRow StatusRow(const RunGroup& base, const RunGroup& cand) {
  ComparisonRow row{cand.Name(), "status", {}, ""};
  const int base_bad = base.failed + base.diverged + base.collapsed;
  const int cand_bad = cand.failed + cand.diverged + cand.collapsed;
  auto counts = [](const RunGroup& g) {
    std::string text = std::to_string(g.finished) + "/" + std::to_string(g.runs) + " finished";
    if (g.collapsed) text += ", " + std::to_string(g.collapsed) + " collapsed";
    if (g.diverged) text += ", " + std::to_string(g.diverged) + " diverged";
    if (g.failed) text += ", " + std::to_string(g.failed) + " failed";
    return text;
  };
  row.note = counts(base) + " -> " + counts(cand);
  // A way of ending badly the baseline never showed is a regression, even
  // beside another it did (a diverging configuration that now collapses).
  const bool newly_bad = (base.failed == 0 && cand.failed > 0) ||
                         (base.diverged == 0 && cand.diverged > 0) ||
                         (base.collapsed == 0 && cand.collapsed > 0);
  if (newly_bad) {
    row.judgement.verdict = Verdict::kNewlyFailing;
  } else if (base_bad > 0 && cand_bad == 0) {
    row.judgement.verdict = Verdict::kFixed;
  } else {
    row.judgement.verdict = Verdict::kUnchanged;
  }
  return row;
}

}  // namespace

std::vector<ComparisonRow> CompareRunGroups(const std::vector<RunGroup>& baseline,
                                            const std::vector<RunGroup>& candidate,
                                            const DirectionLookup& direction,
                                            const ComparisonSettings& settings) {
  std::map<std::string, const RunGroup*> base_by_key;
  for (const RunGroup& g : baseline) base_by_key[g.key] = &g;
  std::vector<ComparisonRow> rows;
  for (const RunGroup& cand : candidate) {
    auto found = base_by_key.find(cand.key);
    if (found == base_by_key.end()) {
      ComparisonRow row{cand.Name(), "all", {}, "configuration not in the baseline"};
      row.judgement.verdict = Verdict::kIncomparable;
      rows.push_back(row);
      continue;
    }
    const RunGroup& base = *found->second;
    rows.push_back(StatusRow(base, cand));
    for (const auto& [metric, values] : cand.metrics) {
      std::optional<MetricDirection> d = direction(cand.task, metric);
      if (!d || *d == MetricDirection::kInformational) continue;
      auto base_values = base.metrics.find(metric);
      ComparisonRow row{cand.Name(), metric, {}, ""};
      row.judgement = Judge(base_values == base.metrics.end()
                                ? std::vector<double>{}
                                : base_values->second,
                            values, *d, settings.metrics);
      rows.push_back(row);
    }
    ComparisonRow timing{cand.Name(), "step cost", {}, ""};
    if (base.machine_fingerprint != cand.machine_fingerprint ||
        cand.machine_fingerprint == "mixed") {
      timing.judgement.verdict = Verdict::kIncomparable;
      timing.note = "other machine: timings compare only on one machine";
    } else {
      timing.judgement = Judge(base.step_cost, cand.step_cost,
                               MetricDirection::kLowerIsBetter, settings.timings);
    }
    rows.push_back(timing);
  }
  return rows;
}

std::string ComparisonMarkdown(const std::vector<ComparisonRow>& rows) {
  std::ostringstream out;
  out << "| verdict | runs | quantity | baseline (mean ± 95% CI) | candidate | evidence |\n"
      << "|---|---|---|---|---|---|\n";
  for (const ComparisonRow& r : rows) {
    const Judgement& j = r.judgement;
    std::string evidence = r.note.empty() ? j.evidence : r.note;
    if (!j.evidence.empty() && !r.note.empty()) evidence += "; " + j.evidence;
    out << "| " << VerdictName(j.verdict) << " | " << r.group << " | " << r.quantity
        << " | " << Interval(j.baseline) << " | " << Interval(j.candidate) << " | "
        << evidence << " |\n";
  }
  return out.str();
}

int ComparisonExitCode(const std::vector<ComparisonRow>& rows, bool gate_timings) {
  bool inconclusive = false;
  for (const ComparisonRow& r : rows) {
    if (r.quantity == "step cost" && !gate_timings) continue;
    Verdict v = r.judgement.verdict;
    if (v == Verdict::kRegressed || v == Verdict::kNewlyFailing) return 1;
    inconclusive = inconclusive || v == Verdict::kInconclusive;
  }
  return inconclusive ? 3 : 0;
}

}  // namespace ebm
