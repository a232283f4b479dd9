// The Slurm submission's plan and script (src/cluster): which runs each
// array task trains, that a run evaluating another's model shares its
// shard, position lists, and that the script, run by bash as Slurm would,
// calls ebmbench with the task's runs and shard.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "src/cluster/position_list.h"
#include "src/cluster/slurm_client.h"
#include "src/cluster/slurm_submission.h"

namespace ebm {
namespace {

RunSpec Spec(const std::string& task, const std::string& method, int64_t seed,
             const std::string& dataset = "fashion_mnist") {
  RunSpec spec;
  spec.task = task;
  spec.method = method;
  spec.label = method;
  spec.seed = seed;
  spec.task_params.Set("dataset", dataset);
  if (task == "ood") spec.task_params.Set("source_task", std::string("jem"));
  return spec;
}

TEST(PositionList, ParsesRangesAndFormatsTheShortestText) {
  EXPECT_EQ(ParsePositionList("1-3,7,5", 7), (std::set<size_t>{1, 2, 3, 5, 7}));
  EXPECT_EQ(FormatPositionList({1, 2, 3, 5, 7}), "1-3,5,7");
  EXPECT_EQ(FormatPositionList({0, 1, 4}), "0-1,4");
  for (const char* bad : {"0", "8", "3-1", "a", "", "1,,2", "-2", "1-", "99999999999", "1,", ",1"})
    EXPECT_THROW(ParsePositionList(bad, 7), std::invalid_argument) << bad;
}

TEST(PlanArrayTasks, ChunksRunsInSuiteOrder) {
  std::vector<RunSpec> runs;
  for (int64_t seed = 0; seed < 6; ++seed) runs.push_back(Spec("toy2d", "pcd", seed));
  auto one = PlanArrayTasks(runs, 1);
  ASSERT_EQ(one.size(), 6u);
  for (size_t t = 0; t < 6; ++t) EXPECT_EQ(one[t].positions, std::set<size_t>{t + 1});
  auto four = PlanArrayTasks(runs, 4);
  ASSERT_EQ(four.size(), 2u);
  EXPECT_EQ(four[0].positions, (std::set<size_t>{1, 2, 3, 4}));
  EXPECT_EQ(four[1].positions, (std::set<size_t>{5, 6}));
  EXPECT_THROW(PlanArrayTasks(runs, 0), std::invalid_argument);
}

// jem-cpu's shape: jem runs, then ood runs evaluating each jem run's model.
TEST(PlanArrayTasks, AnOodRunSharesTheTaskOfTheRunWhoseModelItEvaluates) {
  std::vector<RunSpec> runs;
  for (const char* method : {"supervised", "pcd_jem"})
    for (int64_t seed = 1; seed <= 2; ++seed) runs.push_back(Spec("jem", method, seed));
  for (const char* method : {"supervised", "pcd_jem"})
    for (int64_t seed = 1; seed <= 2; ++seed) runs.push_back(Spec("ood", method, seed));
  auto tasks = PlanArrayTasks(runs, 1);
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(tasks[0].positions, (std::set<size_t>{1, 5}));
  EXPECT_EQ(tasks[1].positions, (std::set<size_t>{2, 6}));
  EXPECT_EQ(tasks[2].positions, (std::set<size_t>{3, 7}));
  EXPECT_EQ(tasks[3].positions, (std::set<size_t>{4, 8}));
  // A source with another data set is not this run's model.
  runs.push_back(Spec("ood", "supervised", 1, "mnist"));
  EXPECT_EQ(PlanArrayTasks(runs, 1).back().positions, std::set<size_t>{9});
}

SlurmSubmission Example(const std::string& dir) {
  SlurmSubmission s;
  s.results_dir = dir + "/it's here";  // a quote and a space, as paths may have
  s.suite_name = "demo";
  s.suite_hash = "abc";
  s.ebmbench = dir + "/fake ebmbench";
  s.workdir = dir;
  s.resources.partition = "gpu";
  s.resources.gpus = 1;
  s.resources.max_parallel = 3;
  s.resources.extra_options = {"--account=ml"};
  s.device = "cuda";
  s.tasks = {{{1, 2}}, {{3}}, {{4, 6}}};
  s.job_ids = {"17"};
  return s;
}

TEST(SlurmSubmission, TheScriptAsksForWhatWasGivenAndRunsTheTasksShare) {
  const std::string dir = testing::TempDir() + "/slurm_script";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SlurmSubmission s = Example(dir);
  const std::string script = s.Script({0, 2});
  for (const char* line : {"#SBATCH --array=0,2%3\n", "#SBATCH --partition=gpu\n",
                           "#SBATCH --gres=gpu:1\n", "#SBATCH --account=ml\n",
                           "#SBATCH --requeue\n", "#SBATCH --signal=B:TERM@120\n",
                           "runs=( 1-2 3 4,6 )\n"})
    EXPECT_NE(script.find(line), std::string::npos) << line << " in\n" << script;
  EXPECT_EQ(script.find("--time"), std::string::npos);  // not given: the cluster's default
  // Values with spaces and quotes go on sbatch's command line, not #SBATCH.
  EXPECT_EQ(script.find("#SBATCH --output"), std::string::npos);
  const std::vector<std::string> options = s.CommandLineOptions();
  ASSERT_EQ(options.size(), 3u);
  EXPECT_EQ(options[1], "--output=" + s.results_dir + "/logs/task-%a.out");

  // Run it as Slurm would start array task 2, with a fake ebmbench that
  // prints its arguments one per line.
  {
    std::ofstream fake(s.ebmbench);
    fake << "#!/bin/bash\nprintf '%s\\n' \"$@\"\necho \"threads=$OMP_NUM_THREADS\"\n";
  }
  std::filesystem::permissions(s.ebmbench, std::filesystem::perms::owner_all);
  const std::string script_path = dir + "/script.sh";
  std::ofstream(script_path) << script;
  ProgramResult result = RunProgram({"env", "SLURM_ARRAY_TASK_ID=2", "bash", script_path});
  ASSERT_EQ(result.exit_code, 0) << result.output();
  const std::string expected = "run\n" + s.results_dir + "/suite.yaml\n--db\n" + s.results_dir +
                               "/shards/task-2.sqlite\n--artifacts\n" + s.results_dir +
                               "/shards/task-2.artifacts\n--runs\n4,6\n--device\ncuda\n"
                               "--threads\n1\n--take-over\nthreads=1\n";
  EXPECT_NE(result.out.find(expected), std::string::npos) << result.output();
  EXPECT_TRUE(std::filesystem::is_directory(s.results_dir + "/shards"));

  // Outside Slurm the script refuses to guess a task.
  ProgramResult outside = RunProgram({"env", "-u", "SLURM_ARRAY_TASK_ID", "bash", script_path});
  EXPECT_NE(outside.exit_code, 0);

  // SGLD in blocks: passed on to run when asked for, never by default.
  s.sgld_threads = 2;
  std::ofstream(script_path) << s.Script({2});
  ProgramResult split = RunProgram({"env", "SLURM_ARRAY_TASK_ID=2", "bash", script_path});
  ASSERT_EQ(split.exit_code, 0) << split.output();
  EXPECT_NE(split.out.find("--take-over\n--sgld-threads\n2\n"), std::string::npos)
      << split.output();
  EXPECT_EQ(result.out.find("--sgld-threads"), std::string::npos) << result.output();
}

TEST(SlurmSubmission, ItsRecordReadsBackAsWritten) {
  SlurmSubmission s = Example("/shared/results");
  s.sgld_threads = 2;
  SlurmSubmission back = SlurmSubmission::FromJson(s.ToJson(), "x.json");
  EXPECT_EQ(back.ToJson(), s.ToJson());
  EXPECT_EQ(back.tasks[2].positions, (std::set<size_t>{4, 6}));
  EXPECT_EQ(back.sgld_threads, 2);
  // A record written before --sgld-threads existed reads as one block.
  std::string older = s.ToJson();
  const size_t key = older.find("  \"sgld_threads\": 2,\n");
  ASSERT_NE(key, std::string::npos) << older;
  older.erase(key, std::string("  \"sgld_threads\": 2,\n").size());
  EXPECT_EQ(SlurmSubmission::FromJson(older, "x.json").sgld_threads, 1);
  EXPECT_THROW(SlurmSubmission::FromJson("{\"format\": \"other\"}", "x.json"), std::runtime_error);
  EXPECT_THROW(SlurmSubmission::FromJson("not json", "x.json"), std::runtime_error);
}

TEST(ShellQuote, SurvivesQuotesAndSpaces) {
  EXPECT_EQ(ShellQuote("a b"), "'a b'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
}

}  // namespace
}  // namespace ebm
