#include "src/report/markdown_summary.h"

#include <cstdio>
#include <sstream>

#include "src/core/visible_text.h"
#include "src/report/leaderboard.h"

namespace ebm {
namespace {

// User text (labels, configurations) inside a table cell or an image's alt
// text: a pipe would end the cell, a bracket the alt text, a newline the row.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : VisibleText(text)) {
    if (c == '|' || c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

std::string Seconds(const ReportRun::Point& point) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.1f s", point.seconds);
  return buffer;
}

// The page's leaderboards (src/report/leaderboard), one table per setting.
void LeaderboardTables(std::ostringstream& out, const ReportTask& task) {
  for (const Leaderboard& board : BuildLeaderboards(task)) {
    out << "**Leaderboard" << (board.task_settings.empty() ? "" : ": " + Cell(board.task_settings))
        << "** by " << board.metric << " (" << (board.higher_is_better ? "higher" : "lower")
        << " is better; ≈: the 95% interval overlaps the leader's";
    if (!board.reference.empty())
      out << "; time to 50% / 90% of " << Cell(board.reference) << "'s gain in "
          << board.target_metric;
    out << ")\n\n| # | method | " << board.metric
        << " | tie | finished | collapsed | diverged | failed | ms/step | × fastest | to 50% | "
           "to 90% |\n|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const LeaderboardEntry& e : board.entries) {
      const ReportGroup& g = task.groups[e.group];
      auto values = g.group.metrics.find(board.metric);
      char cost[64] = "- | -";  // no steps taken (ood evaluates a stored model)
      if (e.ms_per_step > 0)
        std::snprintf(cost, sizeof(cost), "%.2f | %.2f", e.ms_per_step, e.cost_ratio);
      out << "| " << (e.rank ? std::to_string(e.rank) : "-") << " | "
          << Cell(NameInSetting(g.group, board.task_settings))
          << (e.configurations > 1 ? " (" + SelectionNote(board, e) + ")" : std::string())
          << " | "
          << FormatMeanInterval(values == g.group.metrics.end() ? std::vector<double>{}
                                                                 : values->second)
          << " | " << (e.tied_with_leader ? "≈" : "") << " | " << g.group.finished << "/"
          << g.group.runs << " | " << g.group.collapsed << " | " << g.group.diverged << " | "
          << g.group.failed << " | " << cost << " | " << TargetText(e, 0, Seconds) << " | " << TargetText(e, 1, Seconds)
          << " |\n";
    }
    out << "\n";
  }
}

}  // namespace

std::string RenderMarkdownSummary(const ReportData& data, const std::string& generated_at) {
  std::ostringstream out;
  out << "# ebmbench report: " << data.title << "\n\nGenerated " << generated_at
      << ". Means over seeds with 95% Student-t intervals; **bold** marks the best mean "
         "by the metric's declared direction.\n";
  for (const std::string& w : data.warnings) out << "\n> **Note:** " << w << "\n";
  for (const ReportTask& task : data.tasks) {
    out << "\n## Task " << task.description.name << "\n\n";
    for (const std::string& note : task.notes) out << "> " << note << "\n\n";
    LeaderboardTables(out, task);
    out << "All results:\n\n";
    ResultsTable table = BuildResultsTable(task);
    out << "|";
    for (const std::string& h : table.header) out << " " << Cell(h) << " |";
    out << "\n|";
    for (size_t c = 0; c < table.header.size(); ++c) out << (c < 2 ? "---|" : "---:|");
    out << "\n";
    for (size_t r = 0; r < table.rows.size(); ++r) {
      out << "|";
      for (size_t c = 0; c < table.rows[r].size(); ++c) {
        const std::string cell = Cell(table.rows[r][c]);
        out << " " << (table.best[r][c] ? "**" + cell + "**" : cell) << " |";
      }
      out << "\n";
    }
    bool any = false;
    for (const ReportGroup& g : task.groups) {
      if (g.samples_png.empty()) continue;
      if (!any) out << "\nSamples:\n\n";
      any = true;
      out << "![" << Cell(g.group.label + " " + g.group.config) << "](" << g.samples_png << ") ";
      if (!g.model_samples_png.empty())
        out << "![" << Cell(g.group.label) << " model samples](" << g.model_samples_png << ") ";
    }
    if (any) out << "\n";
  }
  return out.str();
}

}  // namespace ebm
