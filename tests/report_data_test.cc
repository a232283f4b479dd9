// What reports show, from a hand-made database: best marks per task
// setting by the metric's direction, the exact-ML gap, the banner for mixed
// machines and unoptimized builds, and HTML escaping.
#include <gtest/gtest.h>
#include <unistd.h>

#include "src/core/hash.h"
#include "src/report/html_page.h"
#include "src/report/report_data.h"
#include "tests/test_suites.h"

namespace ebm {
namespace {

Environment Env(const std::string& host, const std::string& flags) {
  Environment env;
  env.hostname = host;
  env.cpu_model = "cpu";
  env.cpu_cores = 2;
  env.git_commit = "abc";
  env.build_flags = flags;
  env.device = "cpu";
  return env;
}

void AddRun(ResultStore& store, int64_t env, const std::string& method,
            const std::string& dataset, int seed, double test_ll) {
  const std::string config = "{\"method\":\"" + method + "\",\"run\":{},\"seed\":" +
                             std::to_string(seed) + ",\"task\":\"toy2d\",\"task_params\":"
                             "{\"dataset\":\"" + dataset + "\"},\"method_params\":{}}";
  RunIdentity id{"toy2d", method, method, seed, config, HashHex(config), 10};
  RunClaim claim = store.ClaimRun(id, 0, env, "h", getpid(), false);
  store.AppendProgress(claim.run.id, {{10, "test_ll", test_ll}}, {{10, "step", 0.01}}, 10,
                       0.1, 10);
  store.EndRun(claim.run.id, RunStatus::kFinished, {{"test_ll", test_ll}, {"log_z", 1.0}});
}

std::optional<TaskDescription> Toy(const std::string& name) {
  const TaskInfo* info = Registries::Default().tasks.Find(name);
  return info ? std::optional<TaskDescription>(info->description) : std::nullopt;
}

TEST(ReportDataTest, TablesBannersAndEscaping) {
  ResultStore store(FreshDir("report_data") + "/r.sqlite");
  int64_t fast = store.RecordEnvironment(Env("a", "optimized NDEBUG"));
  int64_t slow = store.RecordEnvironment(Env("b", "unoptimized assertions"));
  for (int seed = 0; seed < 2; ++seed) {
    AddRun(store, fast, "exact_ml", "moons", seed, -2.5 - 0.01 * seed);
    AddRun(store, fast, "pcd", "moons", seed, -2.8 - 0.01 * seed);
    AddRun(store, slow, "exact_ml", "rings", seed, -3.0);
    AddRun(store, slow, "pcd", "rings", seed, -2.9);  // better than exact ML here
  }
  ReportData data = CollectReportData(store, {}, "t<1>", Toy);
  ASSERT_EQ(data.tasks.size(), 1u);
  ASSERT_EQ(data.tasks[0].groups.size(), 4u);
  ASSERT_EQ(data.warnings.size(), 3u);  // machines, builds, unoptimized
  EXPECT_NE(data.warnings[0].find("2 different machines"), std::string::npos);
  EXPECT_NE(data.warnings[2].find("unoptimized"), std::string::npos);

  ResultsTable table = BuildResultsTable(data.tasks[0]);
  // Columns: method, config, finished, collapsed, diverged, failed, test_ll,
  // train_ll?, gap, wall, ms:
  // only declared, judged metrics appear (log_z is informational).
  size_t test_ll = 0, gap = 0;
  for (size_t c = 0; c < table.header.size(); ++c) {
    if (table.header[c] == "test_ll (higher is better)") test_ll = c;
    if (table.header[c] == "test_ll minus exact ML") gap = c;
    EXPECT_EQ(table.header[c].find("log_z"), std::string::npos);
  }
  ASSERT_GT(test_ll, 0u);
  ASSERT_GT(gap, 0u);
  ASSERT_GE(table.header.size(), 6u);
  EXPECT_EQ(table.header[3], "collapsed");  // each outcome counted apart
  EXPECT_EQ(table.rows[0][3], "0");
  // Rows in group order: ml/moons, pcd/moons, ml/rings, pcd/rings. The best
  // is marked within each data set, never across them.
  EXPECT_TRUE(table.best[0][test_ll]);
  EXPECT_FALSE(table.best[1][test_ll]);
  EXPECT_FALSE(table.best[2][test_ll]);
  EXPECT_TRUE(table.best[3][test_ll]);
  EXPECT_EQ(table.rows[0][gap], "(the ceiling)");
  EXPECT_EQ(table.rows[1][gap], "-0.3");
  EXPECT_EQ(table.rows[3][gap], "+0.1");
  // -2.50 and -2.51: half-width t(1) * 0.005 = 12.706 * 0.005 = 0.064.
  EXPECT_EQ(table.rows[0][test_ll], "-2.505 ± 0.064 (n=2)");

  std::string page = RenderHtmlPage(data, {"/* </script><b>x</b> */"}, {}, "now");
  EXPECT_NE(page.find("t&lt;1&gt;"), std::string::npos);
  EXPECT_EQ(page.find("</script><b>x"), std::string::npos);  // inline code cannot end its tag
  EXPECT_NE(page.find("class=\"banner\""), std::string::npos);
}

// Labels reach the page in tables (HTML-escaped) and in the charts' inline
// data: neither "</SCRIPT>" in any case nor "<!--" may survive into a
// script; library code is split at "</script" in any case.
TEST(ReportDataTest, NoLabelOrLibraryCanEndOrCommentOutAScript) {
  ResultStore store(FreshDir("report_script") + "/r.sqlite");
  int64_t env = store.RecordEnvironment(Env("a", "optimized NDEBUG"));
  const std::string attack = "</SCRIPT><img src=x onerror=alert(1)>";
  AddRun(store, env, attack, "moons", 0, -2.5);
  AddRun(store, env, "<!--<script>", "moons", 0, -2.6);
  ReportData data = CollectReportData(store, {}, "t", Toy);
  std::string page = RenderHtmlPage(data, {"/* </ScRiPt><b>x</b> */"}, {}, "now");
  EXPECT_EQ(page.find("</SCRIPT><img"), std::string::npos);
  EXPECT_EQ(page.find("<img src=x"), std::string::npos);
  EXPECT_EQ(page.find("<!--<script"), std::string::npos);
  EXPECT_EQ(page.find("</ScRiPt><b>"), std::string::npos);
  EXPECT_NE(page.find("\\u003c/SCRIPT\\u003e"), std::string::npos);  // the data kept
}

TEST(ReportDataTest, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace ebm
