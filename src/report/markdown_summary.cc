#include "src/report/markdown_summary.h"

#include <sstream>

#include "src/core/visible_text.h"

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
