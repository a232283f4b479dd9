// Step times of the toy 2-D methods beside an sgemm reference measured in
// the same run, each with its achieved GFLOP/s, at 1 and 2 OpenBLAS threads
// (the last argument, "blas_threads"), so the thread ratio comes from one
// run. LibTorch's thread count and the environment are in the context
// printed above the table.
//
//   bazel run //benchmarks:method_step_benchmark
//   bazel run //benchmarks:method_step_benchmark -- --threads=2
#include <benchmark/benchmark.h>
#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include "src/core/environment.h"
#include "src/core/params.h"
#include "src/core/process_settings.h"
#include "src/core/random_streams.h"
#include "src/methods/registry.h"
#include "src/tasks/registry.h"

namespace ebm {
namespace {

// Multiply-adds of one forward pass of the 2-100-100-1 MLP, per point.
constexpr double kMlpMacsPerPoint = 2 * 100 + 100 * 100 + 100 * 1;
// Forward plus backward costs about three forwards.
constexpr double kForwardBackward = 3.0;

// OpenBLAS's thread count, set at run time (OPENBLAS_NUM_THREADS only sets
// it at start-up). Returns false when the loaded BLAS is not OpenBLAS.
bool SetBlasThreads(benchmark::State& state, int threads) {
  using SetFn = void (*)(int);
  auto set = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (!set) {
    state.SkipWithError("the loaded BLAS is not OpenBLAS");
    return false;
  }
  set(threads);
  return true;
}

void SetFlops(benchmark::State& state, double flops_per_iteration) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      flops_per_iteration * static_cast<double>(state.iterations()) * 1e-9,
      benchmark::Counter::kIsRate);
}

void BM_Sgemm(benchmark::State& state) {
  const int64_t n = state.range(0);
  if (!SetBlasThreads(state, static_cast<int>(state.range(1)))) return;
  torch::Tensor a = torch::randn({n, n}), b = torch::randn({n, n});
  torch::Tensor c = torch::empty({n, n});
  for (auto _ : state) {
    torch::mm_out(c, a, b);
    benchmark::DoNotOptimize(c.data_ptr<float>());
  }
  SetFlops(state, 2.0 * n * n * n);
}
BENCHMARK(BM_Sgemm)
    ->ArgNames({"n", "blas_threads"})
    ->ArgsProduct({{256, 1024}, {1, 2}})
    ->Unit(benchmark::kMillisecond);

// One training step of `method` on toy2d/8gaussians, batch 200.
void MethodStep(benchmark::State& state, const std::string& method_name,
                const std::vector<std::pair<std::string, ParamValue>>& settings,
                double flops_per_step) {
  TaskRegistry tasks;
  RegisterAllTasks(tasks);
  MethodRegistry methods;
  RegisterAllMethods(methods);
  const TaskInfo& task_info = *tasks.Find("toy2d");
  const MethodInfo& method_info = *methods.Find(method_name);
  Params task_params = Params::Defaults(task_info.description.params);
  Params method_params = Params::Defaults(method_info.params);
  for (const auto& [name, value] : settings) method_params.Set(name, value);
  RandomStreams streams(0);
  torch::Device device(torch::kCPU);
  auto task = task_info.create(TaskContext{task_params, device, streams});
  at::Generator setup = streams.Generator(Stream::kMethodNoise, -1, device);
  auto method = method_info.create(
      MethodContext{task->model(), method_params, device, setup});
  torch::Tensor indices = torch::arange(200, torch::kLong);
  torch::Tensor batch = task->TrainBatch(indices);
  int64_t step = 0;
  for (auto _ : state) {
    at::Generator noise = streams.Generator(Stream::kMethodNoise, step++, device);
    benchmark::DoNotOptimize(method->Step(batch, noise));
  }
  SetFlops(state, flops_per_step);
}

void BM_ExactMlStep(benchmark::State& state) {
  if (!SetBlasThreads(state, static_cast<int>(state.range(0)))) return;
  // The 128^2 normalization grid dominates: 16384 + 200 points.
  const double points = 128 * 128 + 200;
  MethodStep(state, "exact_ml", {},
             2 * kMlpMacsPerPoint * points * kForwardBackward);
}
BENCHMARK(BM_ExactMlStep)
    ->ArgNames({"blas_threads"})
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond);

void BM_PcdStep(benchmark::State& state) {
  const int64_t sgld_steps = state.range(0);
  if (!SetBlasThreads(state, static_cast<int>(state.range(1)))) return;
  // Each SGLD step is a forward and a backward to the input only (no weight
  // gradients): about two forwards on 200 chains. The loss then costs a
  // forward and a full backward on 200 data + 200 samples.
  const double flops =
      2 * kMlpMacsPerPoint * (2.0 * 200 * sgld_steps + kForwardBackward * 400);
  MethodStep(state, "pcd", {{"sgld_steps", sgld_steps}}, flops);
}
BENCHMARK(BM_PcdStep)
    ->ArgNames({"sgld_steps", "blas_threads"})
    ->ArgsProduct({{20, 5}, {1, 2}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ebm

int main(int argc, char** argv) {
  int threads = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--threads=", 0) == 0) threads = std::atoi(arg.c_str() + 10);
  }
  ebm::ConfigureProcess(threads);
  ebm::Environment env = ebm::DetectEnvironment("cpu");
  for (const auto& [name, value] : env.Fields()) {
    if (name == "threads" || name == "thread_env" || name == "blas" ||
        name == "torch_version" || name == "build_flags" || name == "git_commit")
      benchmark::AddCustomContext(name, value);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
