#include "src/report/html_page.h"

#include "src/report/leaderboard.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

namespace ebm {
namespace {

const char kStyle[] = R"css(
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
       color: #1d2430; background: #f6f7f9; }
header { background: #1d2430; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #b9c2d0; }
main { padding: 8px 32px 40px; max-width: 1400px; }
section { background: #fff; border-radius: 8px; padding: 8px 20px 20px; margin: 18px 0;
          box-shadow: 0 1px 3px rgba(0,0,0,.08); }
h2 { font-size: 19px; } h3 { font-size: 16px; margin-top: 22px; }
.banner { background: #fff4d6; border: 1px solid #e8c15a; border-radius: 6px;
          padding: 10px 14px; margin: 16px 0; }
table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
th, td { padding: 5px 10px; border-bottom: 1px solid #e3e6eb; text-align: left; }
th { background: #eef1f5; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.best { font-weight: 700; color: #0a6b2f; }
td.best::after { content: " \2605"; }
.status-finished { color: #0a6b2f; } .status-diverged, .status-failed { color: #b3261e; } .status-collapsed { color: #a15c00; }
.status-interrupted, .status-running { color: #8a5a00; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.samples { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; text-align: center; font-size: 13px; }
figure img { width: 192px; height: 192px; image-rendering: pixelated; border-radius: 4px; }
.muted { color: #6b7585; }
div.leaderboard { overflow-x: auto; }
table.leaderboard td.tie { white-space: nowrap; }
table.leaderboard tr.leader td { background: #eef8f0; font-weight: 600; }
.panel { border-top: 1px solid #e3e6eb; margin-top: 8px; }
.panel h4 { margin: 10px 0 4px; font-size: 15px; }
.note { background: #f1f4fb; border-left: 3px solid #7f8fb3; padding: 6px 12px; margin: 8px 0; }
)css";

std::string Base64(const std::string& bytes) {
  static const char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += alphabet[(v >> k) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Inline library code must not contain "</script" in any letter case (the
// HTML parser ends the element there): split it as "<\/script", which means
// the same inside a JavaScript string or regular expression.
std::string SafeScript(std::string code) {
  for (size_t at = 0; (at = code.find("</", at)) != std::string::npos;) {
    std::string word = code.substr(at + 2, 6);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word == "script") {
      code.replace(at, 2, "<\\/");
      at += 3;
    } else {
      at += 2;
    }
  }
  return code;
}

// Data inlined into a script: JSON whose '<', '>' and '&' (which can only
// stand inside its strings) are written as \u003c, \u003e, \u0026, so no
// label or config value can end the script ("</SCRIPT>") or open a comment
// ("<!--"), whatever its case.
std::string ScriptData(const nlohmann::json& data) {
  const std::string text = data.dump();
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::string GroupName(const RunGroup& g) {
  return g.label + (g.config.empty() ? "" : " " + g.config);
}



// A task setting's groups: one leaderboard, one panel of charts.
struct Panel {
  std::string label;  // "dataset=moons" (see SettingLabel); "" for a task's only setting
  std::vector<const ReportGroup*> groups;

  // A group's name within the panel: its heading says the setting once.
  std::string Name(const ReportGroup& g) const { return NameInSetting(g.group, label); }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const ReportGroup* g : groups)
      if (std::find(names.begin(), names.end(), Name(*g)) == names.end()) names.push_back(Name(*g));
    return names;
  }
};

std::vector<Panel> Panels(const ReportTask& task) {
  std::vector<std::string> settings;
  std::vector<Panel> panels;
  for (const ReportGroup& g : task.groups) {
    auto at = std::find(settings.begin(), settings.end(), g.task_settings);
    if (at == settings.end()) {
      settings.push_back(g.task_settings);
      panels.push_back({SettingLabel(task, g.task_settings), {}});
      at = settings.end() - 1;
    }
    panels[at - settings.begin()].groups.push_back(&g);
  }
  return panels;
}

// One colour per method (its name within a panel) for the whole page: every chart that
// shows a method draws it in the same colour.
class MethodColors {
 public:
  explicit MethodColors(const ReportData& data) {
    // A new name takes the next palette colour that no other name of its
    // panel has, so a page of more names than colours still never draws two
    // methods of one chart alike (up to 20 names per panel).
    size_t next = 0;
    for (const ReportTask& task : data.tasks)
      for (const Panel& panel : Panels(task)) {
        std::set<std::string> taken;
        for (const std::string& name : panel.Names())
          if (color_.count(name)) taken.insert(color_[name]);
        for (const std::string& name : panel.Names()) {
          if (color_.count(name)) continue;
          std::string color = Palette(next++);
          for (size_t tries = 0; taken.count(color) && tries < kPaletteSize; ++tries)
            color = Palette(next++);
          color_[name] = color;
          taken.insert(color);
        }
      }
  }
  // A Vega-Lite colour encoding whose scale maps exactly `names`.
  nlohmann::json Encoding(const std::vector<std::string>& names, bool legend = true) const {
    nlohmann::json domain = nlohmann::json::array(), range = nlohmann::json::array();
    for (const std::string& name : names) {
      domain.push_back(name);
      range.push_back(color_.at(name));
    }
    nlohmann::json encoding = {{"field", "method"},
                               {"type", "nominal"},
                               {"title", "method"},
                               {"scale", {{"domain", domain}, {"range", range}}}};
    if (!legend) encoding["legend"] = nullptr;
    return encoding;
  }

 private:
  // Tableau 10, then Tableau 20's lighter companions.
  static constexpr size_t kPaletteSize = 20;
  static std::string Palette(size_t i) {
    static const char* colors[kPaletteSize] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                   "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
                                   "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d",
                                   "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e"};
    return colors[i % kPaletteSize];
  }
  std::map<std::string, std::string> color_;
};

nlohmann::json CurveSpec(const Panel& panel, const std::string& metric,
                         const std::string& x, const std::string& x_title,
                         const MethodColors& colors) {
  nlohmann::json values = nlohmann::json::array();
  double low = INFINITY, high = -INFINITY;
  for (const ReportGroup* group : panel.groups)
    for (const ReportRun& r : group->runs) {
      const ReportGroup& g = *group;
      auto it = r.curves.find(metric);
      if (it == r.curves.end()) continue;
      for (const auto& p : it->second) {
        low = std::min(low, p.value);
        high = std::max(high, p.value);
        values.push_back({{"method", panel.Name(g)},
                          {"seed", r.record.identity.seed},
                          {"step", p.step},
                          {"seconds", p.seconds},
                          {"value", p.value}});
      }
    }
  // Where collapsed and diverged runs stopped: a cross on their last point.
  nlohmann::json ends = nlohmann::json::array();
  for (const ReportGroup* group : panel.groups)
    for (const ReportRun& r : group->runs) {
      const ReportGroup& g = *group;
      if (r.record.status != RunStatus::kCollapsed && r.record.status != RunStatus::kDiverged)
        continue;
      auto it = r.curves.find(metric);
      if (it == r.curves.end() || it->second.empty()) continue;
      const auto& last = it->second.back();
      ends.push_back({{"method", panel.Name(g)},
                      {"seed", r.record.identity.seed},
                      {"step", last.step},
                      {"seconds", last.seconds},
                      {"value", last.value},
                      {"status", RunStatusName(r.record.status)}});
    }
  nlohmann::json encoding_x = {{"field", x}, {"type", "quantitative"}, {"title", x_title}};
  // A metric that spans two decades or more (positive throughout) is drawn
  // on a log scale, else its small values are a flat line.
  const bool log_scale = low > 0 && high / low >= 100;
  nlohmann::json y_scale = log_scale ? nlohmann::json{{"type", "log"}}
                                     : nlohmann::json{{"zero", false}};
  nlohmann::json encoding_y = {{"field", "value"}, {"type", "quantitative"},
                               {"title", metric + (log_scale ? " (log scale)" : "")},
                               {"scale", y_scale}};
  nlohmann::json color = colors.Encoding(panel.Names());
  nlohmann::json spec = {{"data", {{"values", values}}}, {"width", 460}, {"height", 280}};
  nlohmann::json end_marks = {
      {"data", {{"values", ends}}},
      {"mark", {{"type", "point"}, {"shape", "cross"}, {"size", 140}, {"filled", true}}},
      {"encoding",
       {{"x", encoding_x},
        {"y", encoding_y},
        {"color", color},
        {"tooltip",
         {{{"field", "method"}}, {{"field", "seed"}}, {{"field", "status"}}, {{"field", "step"}}}}}}};
  if (x == "step") {
    // Seeds share their evaluation steps: mean line and 95% band over seeds.
    spec["title"] = metric + " vs step (mean over seeds, 95% band)";
    spec["layer"] = {
        {{"mark", {{"type", "errorband"}, {"extent", "ci"}, {"opacity", 0.25}}},
         {"encoding", {{"x", encoding_x}, {"y", encoding_y}, {"color", color}}}},
        {{"mark", {{"type", "line"}, {"point", true}}},
         {"encoding",
          {{"x", encoding_x},
           {"y", {{"field", "value"}, {"aggregate", "mean"}, {"type", "quantitative"},
                  {"title", encoding_y["title"]}, {"scale", y_scale}}},
           {"color", color}}}}};
    if (!ends.empty()) spec["layer"].push_back(end_marks);
  } else {
    // Seeds reach a step at different times: one line per seed.
    spec["title"] = metric + " vs " + x_title + " (one line per seed)";
    spec["layer"] = {{{"mark", {{"type", "line"}, {"point", true}}},
                      {"encoding",
                       {{"x", encoding_x},
                        {"y", encoding_y},
                        {"color", color},
                        {"detail", {{"field", "seed"}, {"type", "nominal"}}}}}}};
    if (!ends.empty()) spec["layer"].push_back(end_marks);
  }
  if (!ends.empty()) spec["title"] = spec["title"].get<std::string>() + "; x: run collapsed or diverged";
  return spec;
}

nlohmann::json StepTimeSpec(const Panel& panel, const MethodColors& colors) {
  nlohmann::json values = nlohmann::json::array();
  for (const ReportGroup* g : panel.groups)
    for (const ReportRun& r : g->runs)
      for (double s : r.step_seconds)
        values.push_back({{"method", panel.Name(*g)}, {"ms", s * 1e3}});
  return {{"data", {{"values", values}}},
          {"width", 460},
          {"title", "Step time distribution (all steps of all seeds)"},
          {"mark", {{"type", "boxplot"}, {"extent", "min-max"}}},
          {"encoding",
           {{"y", {{"field", "method"}, {"type", "nominal"}, {"title", nullptr}}},
            {"x", {{"field", "ms"}, {"type", "quantitative"}, {"title", "ms per step"},
                   {"scale", {{"type", "log"}}}}},
            {"color", colors.Encoding(panel.Names(), false)}}}};
}

// Reliability diagram of tasks that record calibration bins
// ("reliability/{accuracy,confidence,count}_NN" at the end, see the jem
// task): per method, the bins pooled over seeds (count-weighted), accuracy
// against mean confidence, beside the diagonal of perfect calibration.
// Null when no run has bins.
nlohmann::json ReliabilitySpec(const Panel& panel, const MethodColors& colors) {
  nlohmann::json values = nlohmann::json::array();
  for (const ReportGroup* group : panel.groups) {
    const ReportGroup& g = *group;
    for (int bin = 1; bin <= 99; ++bin) {
      char suffix[8];
      std::snprintf(suffix, sizeof(suffix), "_%02d", bin);
      double count = 0, correct = 0, confident = 0;
      bool seen = false;
      for (const ReportRun& r : g.runs) {
        auto n = r.final_metrics.find(std::string("reliability/count") + suffix);
        if (n == r.final_metrics.end()) continue;
        seen = true;
        count += n->second;
        correct += n->second * r.final_metrics.at(std::string("reliability/accuracy") + suffix);
        confident +=
            n->second * r.final_metrics.at(std::string("reliability/confidence") + suffix);
      }
      if (!seen) break;
      if (count == 0) continue;
      values.push_back({{"method", panel.Name(g)},
                        {"confidence", confident / count},
                        {"accuracy", correct / count},
                        {"examples", count}});
    }
  }
  if (values.empty()) return nullptr;
  nlohmann::json x = {{"field", "confidence"}, {"type", "quantitative"},
                      {"title", "mean confidence max p(y|x) in the bin"},
                      {"scale", {{"domain", {0, 1}}}}};
  nlohmann::json y = {{"field", "accuracy"}, {"type", "quantitative"},
                      {"title", "accuracy in the bin"}, {"scale", {{"domain", {0, 1}}}}};
  return {{"width", 460},
          {"height", 320},
          {"title", "Reliability diagram (final test set; bins pooled over seeds)"},
          {"layer",
           {{{"data", {{"values", {{{"confidence", 0}, {"accuracy", 0}},
                                   {{"confidence", 1}, {"accuracy", 1}}}}}},
             {"mark", {{"type", "line"}, {"color", "#999"}, {"strokeDash", {4, 4}}}},
             {"encoding", {{"x", x}, {"y", y}}}},
            {{"data", {{"values", values}}},
             {"mark", {{"type", "line"}, {"point", true}}},
             {"encoding",
              {{"x", x},
               {"y", y},
               {"color", colors.Encoding(panel.Names())},
               {"tooltip", {{{"field", "method"}}, {{"field", "examples"}}}}}}}}}};
}

// "2.6 s (step 100)".
std::string SecondsAndStep(const ReportRun::Point& point) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.1f s (step %lld)", point.seconds,
                static_cast<long long>(point.step));
  return buffer;
}

// The leaderboards of a task: one table per task setting.
void LeaderboardTables(std::ostringstream& out, const ReportTask& task) {
  for (const Leaderboard& board : BuildLeaderboards(task)) {
    out << "<div class=\"leaderboard\" data-setting=\"" << HtmlEscape(board.task_settings)
        << "\"><h3>Leaderboard" << (board.task_settings.empty() ? "" : ": ")
        << HtmlEscape(board.task_settings) << "</h3><p class=\"muted\">Ranked by "
        << HtmlEscape(board.metric) << " (" << (board.higher_is_better ? "higher" : "lower")
        << " is better), mean over finished runs with its 95% interval; &#8776; marks a "
           "method whose interval overlaps the leader's (not separated at this level; a "
           "verdict needs a test, as `ebmbench check` makes).";
    if (!board.selected_by.empty())
      out << " A method that ran several configurations is ranked at one: the one with the "
             "fewest unfinished runs, then the best mean "
          << HtmlEscape(board.selected_by)
          << " (validation data; every configuration is under All results).";
    if (!board.reference.empty())
      out << " Time to target: wall seconds (mean over seeds) until the mean "
          << HtmlEscape(board.target_metric) << " first covers 50% / 90% of the way "
          << HtmlEscape(board.reference) << " went from its first (untrained) evaluation to "
             "its last.";
    out << "</p><table class=\"leaderboard\"><thead><tr><th>#</th><th>method</th><th>"
        << HtmlEscape(board.metric) << "</th><th>tie</th><th>finished</th><th>collapsed</th>"
           "<th>diverged</th><th>failed</th><th>wall s per run</th><th>ms per step</th>"
           "<th>cost vs fastest</th>";
    if (!board.reference.empty()) out << "<th>to 50%</th><th>to 90%</th>";
    out << "<th>published</th></tr></thead><tbody>";
    for (const LeaderboardEntry& e : board.entries) {
      const ReportGroup& g = task.groups[e.group];
      char numbers[256];
      if (e.ms_per_step > 0) {
        std::snprintf(numbers, sizeof(numbers),
                      "<td class=\"num\">%.1f</td><td class=\"num\">%.2f</td>"
                      "<td class=\"num\">%.2f&#215;</td>",
                      e.wall_seconds_per_run, e.ms_per_step, e.cost_ratio);
      } else {  // no steps taken (ood evaluates a stored model)
        std::snprintf(numbers, sizeof(numbers),
                      "<td class=\"num\">%.1f</td><td class=\"num\">-</td>"
                      "<td class=\"num\">-</td>",
                      e.wall_seconds_per_run);
      }
      std::vector<double> values;
      auto found = g.group.metrics.find(board.metric);
      if (found != g.group.metrics.end()) values = found->second;
      out << "<tr data-rank=\"" << e.rank << "\" data-tied=\"" << e.tied_with_leader
          << "\"" << (e.rank == 1 ? " class=\"leader\"" : "") << "><td class=\"num\">"
          << (e.rank ? std::to_string(e.rank) : "-") << "</td><td class=\"method\">"
          << HtmlEscape(NameInSetting(g.group, board.task_settings))
          << (e.configurations > 1
                  ? " <span class=\"muted\">(" + HtmlEscape(SelectionNote(board, e)) + ")</span>"
                  : std::string())
          << "</td><td class=\"num\">"
          << HtmlEscape(FormatMeanInterval(values)) << "</td><td class=\"tie\">"
          << (e.tied_with_leader ? "&#8776; leader" : "") << "</td><td class=\"num\">"
          << g.group.finished << "/" << g.group.runs << "</td><td class=\"num\">"
          << g.group.collapsed << "</td><td class=\"num\">" << g.group.diverged
          << "</td><td class=\"num\">" << g.group.failed << "</td>" << numbers;
      if (!board.reference.empty())
        for (size_t k = 0; k < 2; ++k)
          out << "<td class=\"num target\">"
              << TargetText(e, k, SecondsAndStep) << "</td>";
      out << "<td>" << HtmlEscape(e.published.empty() ? "-" : e.published) << "</td></tr>";
    }
    out << "</tbody></table></div>";
  }
}

void Table(std::ostringstream& out, const ResultsTable& table) {
  out << "<table class=\"results\"><thead><tr>";
  for (const std::string& h : table.header) out << "<th>" << HtmlEscape(h) << "</th>";
  out << "</tr></thead><tbody>";
  for (size_t r = 0; r < table.rows.size(); ++r) {
    out << "<tr>";
    for (size_t c = 0; c < table.rows[r].size(); ++c) {
      std::string cls = c >= 2 ? "num" : "";
      if (table.best[r][c]) cls += " best";
      out << "<td class=\"" << cls << "\">" << HtmlEscape(table.rows[r][c]) << "</td>";
    }
    out << "</tr>";
  }
  out << "</tbody></table>";
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderHtmlPage(const ReportData& data,
                           const std::vector<std::string>& scripts,
                           const std::map<std::string, std::string>& images,
                           const std::string& generated_at) {
  std::ostringstream out;
  nlohmann::json charts = nlohmann::json::object();
  const MethodColors colors(data);
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<title>ebmbench: " << HtmlEscape(data.title) << "</title><style>" << kStyle
      << "</style>";
  for (const std::string& script : scripts) out << "<script>" << SafeScript(script) << "</script>\n";
  size_t runs = 0;
  for (const ReportTask& t : data.tasks)
    for (const ReportGroup& g : t.groups) runs += g.runs.size();
  out << "</head><body><header><h1>ebmbench report: " << HtmlEscape(data.title)
      << "</h1><p>" << runs << " runs in " << data.tasks.size()
      << " task(s), generated " << HtmlEscape(generated_at)
      << ". Means over seeds with 95% Student-t intervals; &#9733; marks the best "
         "mean by the metric's declared direction.</p></header><main>";
  for (const std::string& w : data.warnings)
    out << "<div class=\"banner\"><strong>Note:</strong> " << HtmlEscape(w) << "</div>";

  for (size_t t = 0; t < data.tasks.size(); ++t) {
    const ReportTask& task = data.tasks[t];
    out << "<section id=\"task-" << t << "\"><h2>Task " << HtmlEscape(task.description.name)
        << "</h2><p class=\"muted\">" << HtmlEscape(task.description.summary) << "</p>";
    for (const std::string& note : task.notes)
      out << "<p class=\"note\">" << HtmlEscape(note) << "</p>";
    LeaderboardTables(out, task);
    out << "<h3>All results</h3>";
    Table(out, BuildResultsTable(task));

    // Small multiples: a panel per task setting, each method in its page
    // colour in every chart.
    out << "<h3 id=\"curves-" << t << "\">Learning curves, step times and calibration, per "
           "setting</h3>";
    const std::string& curve_metric = task.description.TrackedMetric();
    const std::vector<Panel> panels = Panels(task);
    for (size_t p = 0; p < panels.size(); ++p) {
      const Panel& panel = panels[p];
      const std::string id = std::to_string(t) + "-" + std::to_string(p);
      out << "<div class=\"panel\" data-setting=\"" << HtmlEscape(panel.label) << "\">"
          << (panel.label.empty() ? "" : "<h4>" + HtmlEscape(panel.label) + "</h4>")
          << "<div class=\"charts\"><div id=\"curve-step-" << id
          << "\" class=\"chart\"></div><div id=\"curve-time-" << id
          << "\" class=\"chart\"></div><div id=\"step-times-" << id
          << "\" class=\"chart\"></div>";
      charts["curve-step-" + id] = CurveSpec(panel, curve_metric, "step", "step", colors);
      charts["curve-time-" + id] = CurveSpec(panel, curve_metric, "seconds", "wall seconds", colors);
      charts["step-times-" + id] = StepTimeSpec(panel, colors);
      nlohmann::json reliability = ReliabilitySpec(panel, colors);
      if (!reliability.is_null()) {
        out << "<div id=\"reliability-" << id << "\" class=\"chart\"></div>";
        charts["reliability-" + id] = reliability;
      }
      out << "</div></div>";
    }

    out << "<h3>Samples</h3><div class=\"samples\">";
    for (const ReportGroup& g : task.groups) {
      out << "<figure>";
      auto image = images.find(g.samples_png);
      if (!g.samples_png.empty() && image != images.end()) {
        out << "<img alt=\"samples of " << HtmlEscape(GroupName(g.group))
            << "\" src=\"data:image/png;base64," << Base64(image->second) << "\">";
      } else {
        out << "<div class=\"muted\" style=\"width:192px;height:192px;display:flex;"
               "align-items:center;justify-content:center\">no sampler</div>";
      }
      out << "<figcaption>" << HtmlEscape(GroupName(g.group)) << "</figcaption></figure>";
      auto model_image = images.find(g.model_samples_png);
      if (!g.model_samples_png.empty() && model_image != images.end()) {
        out << "<figure><img alt=\"exact samples of the model of "
            << HtmlEscape(GroupName(g.group)) << "\" src=\"data:image/png;base64,"
            << Base64(model_image->second) << "\"><figcaption>"
            << HtmlEscape(GroupName(g.group)) << ": the model's exact samples"
            << "</figcaption></figure>";
      }
    }
    out << "</div>";

    out << "<h3>Runs</h3><table class=\"runs\"><thead><tr><th>run</th><th>method</th>"
           "<th>config</th><th>seed</th><th>status</th><th>steps</th><th>wall s</th>"
           "<th>ms/step</th><th>environment</th><th>error</th></tr></thead><tbody>";
    for (const ReportGroup& g : task.groups) {
      for (const ReportRun& r : g.runs) {
        const RunRecord& rec = r.record;
        const std::string status = RunStatusName(rec.status);
        char numbers[128];
        std::snprintf(numbers, sizeof(numbers),
                      "<td class=\"num\">%.1f</td><td class=\"num\">%.2f</td>",
                      rec.wall_seconds, r.mean_step_ms);
        out << "<tr><td class=\"num\">" << rec.id << "</td><td>" << HtmlEscape(g.group.label)
            << "</td><td>" << HtmlEscape(g.group.config) << "</td><td class=\"num\">"
            << rec.identity.seed << "</td><td class=\"status-" << status << "\">" << status
            << "</td><td class=\"num\">" << rec.steps_done << "/"
            << rec.identity.steps_planned << "</td>" << numbers << "<td>#"
            << rec.environment_id << "</td><td>"
            << HtmlEscape(rec.error_text.empty() ? "" : rec.error_category + ": " + rec.error_text)
            << "</td></tr>";
      }
    }
    out << "</tbody></table></section>";
  }

  out << "<section><h2>Environments</h2>";
  for (const auto& [id, fields] : data.environments) {
    out << "<h3>#" << id << "</h3><table class=\"env\"><tbody>";
    for (const auto& [name, value] : fields)
      out << "<tr><th>" << HtmlEscape(name) << "</th><td>" << HtmlEscape(value) << "</td></tr>";
    out << "</tbody></table>";
  }
  out << "</section></main>\n<script>\nconst charts = "
      << ScriptData(charts) << ";\n"
      << "for (const [id, spec] of Object.entries(charts)) {\n"
         "  vegaEmbed('#' + id, spec, {mode: 'vega-lite', renderer: 'svg', actions: false})\n"
         "    .catch(error => console.error('chart ' + id + ': ' + error));\n"
         "}\n</script></body></html>\n";
  return out.str();
}

}  // namespace ebm
