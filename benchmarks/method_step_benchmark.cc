// Step times of every method beside an sgemm reference measured in the
// same run: on the toy 2-D model (batch 200) and on the NICE flow of task
// `nice` (batch 100; the paper's coupling nets 1000 x 4 and nice-cpu's
// 200 x 2, at 1 and 2 OpenBLAS threads: the "blas_threads" argument, so the
// thread ratio comes from one run), and the entropy estimators alone (VERA
// vs K, HMC), and the semi-supervised methods on the paper's tabular JEM
// (MLP 1000-500-500-250-250-250, Landsat's 36 features and 6 classes,
// batch 64 plus 60 labelled examples). Achieved GFLOP/s where the work is
// counted (sgemm, exact ML on the toy model and on NICE, PCD on the toy
// model, supervised and PCD-JEM on the tabular JEM). LibTorch's thread
// count and the environment are in the context printed above the table.
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
#include "src/methods/hmc_posterior.h"
#include "src/methods/registry.h"
#include "src/methods/variational_posterior.h"
#include "src/models/gaussian_generator.h"
#include "src/models/jem_classifier.h"
#include "src/models/wide_resnet.h"
#include "src/models/nice_energy.h"
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

// Runs `method_name` (defaults plus `settings`) on `model`, one step per
// iteration on a fixed batch.
void StepLoop(benchmark::State& state, EnergyModel& model, const Batch& batch,
              const std::string& method_name,
              const std::vector<std::pair<std::string, ParamValue>>& settings) {
  MethodRegistry methods;
  RegisterAllMethods(methods);
  const MethodInfo& method_info = *methods.Find(method_name);
  Params method_params = Params::Defaults(method_info.params);
  for (const auto& [name, value] : settings) method_params.Set(name, value);
  RandomStreams streams(0);
  torch::Device device(torch::kCPU);
  at::Generator setup = streams.Generator(Stream::kMethodNoise, -1, device);
  MethodContext context{model, method_params, device, setup};
  // NCE fits its noise to this: ten jittered copies of the batch.
  context.data_sample = [&](int64_t) {
    return batch.x.repeat({10, 1}) +
           0.1 * torch::randn({10 * batch.x.size(0), batch.x.size(1)});
  };
  auto method = method_info.create(context);
  int64_t step = 0;
  for (auto _ : state) {
    at::Generator noise = streams.Generator(Stream::kMethodNoise, step++, device);
    benchmark::DoNotOptimize(method->Step(batch, noise));
  }
}

// One training step of `method` on toy2d/8gaussians, batch 200.
void MethodStep(benchmark::State& state, const std::string& method_name,
                const std::vector<std::pair<std::string, ParamValue>>& settings,
                double flops_per_step) {
  TaskRegistry tasks;
  RegisterAllTasks(tasks);
  const TaskInfo& task_info = *tasks.Find("toy2d");
  Params task_params = Params::Defaults(task_info.description.params);
  RandomStreams streams(0);
  auto task = task_info.create(TaskContext{task_params, torch::kCPU, streams});
  torch::Tensor batch = task->TrainBatch(torch::arange(200, torch::kLong));
  StepLoop(state, task->model(), batch, method_name, settings);
  if (flops_per_step > 0) SetFlops(state, flops_per_step);
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

// The settings each method is timed with: the smoke suite's for the toy
// model; on the 784-dimensional model VERA's generator is the paper's NICE
// generator (nz 100, 500 x 3).
std::vector<std::pair<std::string, ParamValue>> Settings(const std::string& method,
                                                         bool large) {
  std::vector<std::pair<std::string, ParamValue>> settings;
  if (method == "vera" || method == "vera_hmc" || method == "generator_no_entropy") {
    settings = {{"nz", int64_t{large ? 100 : 8}}, {"gradient_penalty", 0.1}};
    if (large) {
      settings.push_back({"generator_hidden", int64_t{500}});
      settings.push_back({"generator_layers", int64_t{3}});
    }
  }
  if (method == "pcd" || method == "short_run") {
    settings = {{"step_size", 0.02}, {"noise", 0.2}};
    if (large) settings.push_back({"buffer_size", int64_t{1000}});
  }
  if (method == "nce" && large) settings = {{"noise_fit_examples", int64_t{1000}}};
  return settings;
}

void ToyStep(benchmark::State& state, const std::string& method) {
  if (!SetBlasThreads(state, 1)) return;
  MethodStep(state, method, Settings(method, false), 0);
}

// One step of `method` on the MNIST NICE (784 dims, 4 couplings) with
// coupling nets of state.range(0) x state.range(1), batch 100 in [-1, 1].
void NiceStep(benchmark::State& state, const std::string& method) {
  const int64_t hidden = state.range(0), layers = state.range(1);
  if (!SetBlasThreads(state, static_cast<int>(state.range(2)))) return;
  torch::manual_seed(0);
  NiceConfig config;
  config.hidden = hidden;
  config.hidden_layers = layers;
  NiceEnergyModel model(config, torch::kCPU, [](int64_t n, at::Generator& g) {
    return torch::rand({n, 784}, g) * 2 - 1;
  });
  torch::Tensor batch = torch::rand({100, 784}) * 2 - 1;
  StepLoop(state, model, batch, method, Settings(method, true));
  if (method == "exact_ml") {
    // Multiply-adds of one flow pass per example: each coupling net
    // 392 -> hidden x layers -> 392.
    const double macs = config.couplings *
                        (392.0 * hidden + (layers - 1) * double(hidden) * hidden + hidden * 392.0);
    SetFlops(state, 2 * macs * 100 * kForwardBackward);
  }
}

// The entropy-gradient estimators alone on the NICE generator, batch 100:
// VERA's importance sampling vs K, and HMC (2 burn-in, 2 kept, 5 leapfrog).
GaussianGenerator NiceGenerator() {
  torch::manual_seed(0);
  return GaussianGenerator(MakeMlpGeneratorNet(100, 784, 500, 3, "softplus"), 100,
                           std::vector<int64_t>{784}, 0.01);
}

void BM_VeraEstimator(benchmark::State& state) {
  if (!SetBlasThreads(state, 1)) return;
  GaussianGenerator generator = NiceGenerator();
  VariationalPosteriorSettings settings;
  settings.num_samples = state.range(0);
  VariationalPosterior posterior(100, settings, torch::kCPU);
  at::Generator g = MakeGenerator(0, torch::kCPU);
  GeneratorSample sample = generator->Sample(100, g);
  torch::Tensor x = sample.x.detach();
  for (auto _ : state) {
    benchmark::DoNotOptimize(posterior.EstimateScore(generator, x, sample.z, g).c);
    posterior.Update(generator, x, sample.z, g);
  }
}
BENCHMARK(BM_VeraEstimator)->ArgName("K")->Arg(1)->Arg(5)->Arg(20)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_HmcEstimator(benchmark::State& state) {
  if (!SetBlasThreads(state, 1)) return;
  GaussianGenerator generator = NiceGenerator();
  HmcPosterior hmc(100, {});
  at::Generator g = MakeGenerator(0, torch::kCPU);
  GeneratorSample sample = generator->Sample(100, g);
  torch::Tensor x = sample.x.detach();
  for (auto _ : state)
    benchmark::DoNotOptimize(hmc.EstimateScore(generator, x, sample.z, g).c);
}
BENCHMARK(BM_HmcEstimator)->Unit(benchmark::kMillisecond);

// One step of a semi-supervised method on the paper's tabular JEM: 36
// standardized features, 6 classes, 64 unlabelled and 60 labelled examples.
constexpr int64_t kTabularDim = 36, kTabularClasses = 6, kTabularBatch = 64,
                  kTabularLabeled = 60;
const std::vector<int64_t> kTabularWidths = {kTabularDim, 1000, 500, 500, 250,
                                             250, 250, kTabularClasses};

void TabularStep(benchmark::State& state, const std::string& method) {
  if (!SetBlasThreads(state, static_cast<int>(state.range(0)))) return;
  torch::manual_seed(0);
  auto jem = MakeJemMlpClassifier(kTabularWidths, 1.0);
  JemClassifier& model = *jem;
  Batch batch(torch::randn({kTabularBatch, kTabularDim}),
              torch::randn({kTabularLabeled, kTabularDim}),
              torch::arange(kTabularLabeled, torch::kLong).remainder(kTabularClasses));
  std::vector<std::pair<std::string, ParamValue>> settings;
  if (method == "pcd_jem") settings = {{"beta", 1.0}};
  if (method == "jem_vera") {
    settings = {{"nz", int64_t{100}}, {"generator_hidden", int64_t{500}},
                {"generator_layers", int64_t{3}}, {"gradient_penalty", 1.0},
                {"beta", 1.0}};
  }
  StepLoop(state, model, batch, method, settings);
  double macs = 0;
  for (size_t i = 0; i + 1 < kTabularWidths.size(); ++i)
    macs += double(kTabularWidths[i]) * kTabularWidths[i + 1];
  // Per example: a forward and backward is about three forwards; an SGLD
  // step (forward, backward to the input) about two.
  if (method == "supervised") SetFlops(state, 2 * macs * kTabularLabeled * kForwardBackward);
  if (method == "pcd_jem") {
    // The entropy term shares the data's forward pass (classifier_terms.h).
    const double forwards = 2.0 * 20 * kTabularBatch +                // SGLD
                            kForwardBackward * (2 * kTabularBatch +   // data, samples
                                                kTabularLabeled);     // cross-entropy
    SetFlops(state, 2 * macs * forwards);
  }
}

// One step of a JEM method on the jem-cpu suite's model: WRN-10-1 on
// 1x28x28 images (10 classes), 32 unlabelled and 32 labelled images, the
// suite's method settings.
constexpr int64_t kImageBatch = 32;
// Multiply-accumulates of one WRN-10-1 forward pass on 28x28, layer by
// layer (stride-2 convolutions are each group's second 3x3; 1x1 shortcuts
// where the shape changes): stem 28^2*1*16*9; group 1 two 28^2*16*16*9;
// group 2 28^2*16*32*9 + 14^2*32*32*9 + 14^2*16*32; group 3 14^2*32*64*9 +
// 7^2*64*64*9 + 7^2*32*64; head 64*10.
constexpr double kWrn10x1Macs = 112896.0 + 2 * 1806336.0 + (3612672.0 + 1806336.0 + 100352.0) +
                                (3612672.0 + 1806336.0 + 100352.0) + 640.0;

void JemImageStep(benchmark::State& state, const std::string& method) {
  if (!SetBlasThreads(state, static_cast<int>(state.range(0)))) return;
  torch::manual_seed(0);
  WideResNetOptions options;
  options.depth = 10;
  options.width = 1;
  options.in_channels = 1;
  JemClassifier model(MakeWideResNet(options), {1, 28, 28}, 10, 1.0);
  Batch batch(torch::rand({kImageBatch, 1, 28, 28}) * 2 - 1,
              torch::rand({kImageBatch, 1, 28, 28}) * 2 - 1,
              torch::arange(kImageBatch, torch::kLong).remainder(10));
  std::vector<std::pair<std::string, ParamValue>> settings = {{"lr", 0.0003}};
  if (method == "jem_vera") {
    settings = {{"lr", 0.0003}, {"glr", 0.0006}, {"nz", int64_t{64}},
                {"generator", std::string("dcgan")}, {"generator_features", int64_t{32}},
                {"entropy_weight", 0.0001}, {"alpha", 100.0}, {"gradient_penalty", 0.1}};
  }
  StepLoop(state, model, batch, method, settings);
  // Forward + backward to the input is about two forwards, with the
  // parameters' gradients about three.
  if (method == "supervised") SetFlops(state, 2 * kWrn10x1Macs * kImageBatch * kForwardBackward);
  if (method == "pcd_jem") {
    const double forwards = 2.0 * 20 * kImageBatch + kForwardBackward * 3 * kImageBatch;
    SetFlops(state, 2 * kWrn10x1Macs * forwards);
  }
}

void RegisterMethodBenchmarks() {
  MethodRegistry methods;
  RegisterAllMethods(methods);
  for (const auto& [name, info] : methods.all()) {
    if (info.needs_classifier) {
      if (name != "vat") {  // the jem task's methods
        benchmark::RegisterBenchmark(("BM_JemImageStep/" + name).c_str(),
                                     [name = name](benchmark::State& s) { JemImageStep(s, name); })
            ->ArgNames({"blas_threads"})
            ->Arg(1)
            ->Arg(2)
            ->Unit(benchmark::kMillisecond);
      }
      benchmark::RegisterBenchmark(("BM_TabularStep/" + name).c_str(),
                                   [name = name](benchmark::State& s) { TabularStep(s, name); })
          ->ArgNames({"blas_threads"})
          ->Arg(1)
          ->Arg(2)
          ->Unit(benchmark::kMillisecond);
      continue;
    }
    benchmark::RegisterBenchmark(("BM_ToyStep/" + name).c_str(),
                                 [name = name](benchmark::State& s) { ToyStep(s, name); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_NiceStep/" + name).c_str(),
                                 [name = name](benchmark::State& s) { NiceStep(s, name); })
        ->ArgNames({"hidden", "layers", "blas_threads"})
        ->Args({1000, 4, 1})
        ->Args({1000, 4, 2})
        ->Args({200, 2, 1})
        ->Args({200, 2, 2})
        ->Unit(benchmark::kMillisecond);
  }
}

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
  ebm::RegisterMethodBenchmarks();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
