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
// Every time is wall-clock (UseRealTime): Google Benchmark's CPU time is the
// main thread's alone, which overstates the rate of work that other BLAS
// threads or the GPU do. With --device=cuda every tensor lives on the GPU,
// each iteration ends with a device synchronisation, the "blas_threads"
// argument is ignored, and three more groups run: the matrix-product
// references (fp32, TF32, bf16, BM_MatmulReference) and the paper's JEM
// (WRN-28-10 on 3x32x32, 40 unlabelled + 40 labelled images,
// BM_JemWrn28Step; on the CPU only with --wrn28, a step takes seconds).
//
//   bazel run //benchmarks:method_step_benchmark
//   bazel run //benchmarks:method_step_benchmark -- --threads=2
//   build/method_step_benchmark --device=cuda --benchmark_filter=Nice
#include <benchmark/benchmark.h>
#include <dlfcn.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "src/core/environment_detection.h"
#include "src/core/params.h"
#include "src/core/process_settings.h"
#include "src/core/random_streams.h"
#include "src/methods/fused_adam.h"
#include "src/methods/hmc_posterior.h"
#include "src/methods/registry.h"
#include "src/methods/variational_posterior.h"
#include "src/models/gaussian_generator.h"
#include "src/models/jem_classifier.h"
#include "src/models/wide_resnet.h"
#include "src/models/nice_energy.h"
#include "src/models/softplus.h"
#include "src/core/random_tensors.h"
#include "src/tasks/registry.h"

namespace ebm {
namespace {

// Where every benchmark's tensors live (--device=), and whether the paper's
// WRN-28-10 is timed.
torch::Device& BenchDevice() {
  static torch::Device device(torch::kCPU);
  return device;
}
bool& TimeWrn28() {
  static bool on = false;
  return on;
}

// Ends the iteration's work before the clock is read: CUDA kernels run
// asynchronously.
void Synchronize() {
  if (BenchDevice().is_cuda()) torch::cuda::synchronize(BenchDevice().index());
}

// Multiply-adds of one forward pass of the 2-100-100-1 MLP, per point.
constexpr double kMlpMacsPerPoint = 2 * 100 + 100 * 100 + 100 * 1;
// Forward plus backward costs about three forwards.
constexpr double kForwardBackward = 3.0;

// OpenBLAS's thread count, set at run time (OPENBLAS_NUM_THREADS only sets
// it at start-up). Returns false when the loaded BLAS is not OpenBLAS. On
// CUDA there is nothing to set.
bool SetBlasThreads(benchmark::State& state, int threads) {
  if (BenchDevice().is_cuda()) return true;
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
  auto options = torch::TensorOptions().device(BenchDevice());
  torch::Tensor a = torch::randn({n, n}, options), b = torch::randn({n, n}, options);
  torch::Tensor c = torch::empty({n, n}, options);
  for (auto _ : state) {
    torch::mm_out(c, a, b);
    Synchronize();
  }
  SetFlops(state, 2.0 * n * n * n);
}
BENCHMARK(BM_Sgemm)
    ->ArgNames({"n", "blas_threads"})
    ->ArgsProduct({{256, 1024}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The GPU's matrix-product rates beside the steps: fp32 with TF32 off, TF32,
// and bf16 (precision 0, 1, 2), n x n x n. CUDA only.
void BM_MatmulReference(benchmark::State& state) {
  if (!BenchDevice().is_cuda()) {
    state.SkipWithError("CUDA only (--device=cuda)");
    return;
  }
  const int64_t n = state.range(0), precision = state.range(1);
  const bool tf32_was = at::globalContext().allowTF32CuBLAS();
  at::globalContext().setAllowTF32CuBLAS(precision == 1);
  auto options = torch::TensorOptions().device(BenchDevice()).dtype(
      precision == 2 ? torch::kBFloat16 : torch::kFloat);
  torch::Tensor a = torch::randn({n, n}, options), b = torch::randn({n, n}, options);
  torch::Tensor c = torch::empty({n, n}, options);
  torch::mm_out(c, a, b);  // warm-up: cuBLAS picks its kernel
  Synchronize();
  for (auto _ : state) {
    torch::mm_out(c, a, b);
    Synchronize();
  }
  at::globalContext().setAllowTF32CuBLAS(tf32_was);
  SetFlops(state, 2.0 * n * n * n);
}
BENCHMARK(BM_MatmulReference)
    ->ArgNames({"n", "precision"})
    ->ArgsProduct({{4096, 8192}, {0, 1, 2}})
    ->UseRealTime()
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
  const torch::Device device = BenchDevice();
  at::Generator setup = streams.Generator(Stream::kMethodNoise, -1, device);
  MethodContext context{model, method_params, device, setup};
  // NCE fits its noise to this: ten jittered copies of the batch.
  context.data_sample = [&](int64_t) {
    torch::Tensor copies = batch.x.flatten(1).repeat({10, 1});
    return copies + 0.1 * torch::randn(copies.sizes(), copies.options());
  };
  auto method = method_info.create(context);
  int64_t step = 0;
  for (auto _ : state) {
    at::Generator noise = streams.Generator(Stream::kMethodNoise, step++, device);
    benchmark::DoNotOptimize(method->Step(batch, noise));
    Synchronize();
  }
}

// `batch` on the benchmark's device.
Batch OnDevice(const Batch& batch) {
  const torch::Device device = BenchDevice();
  if (!batch.HasLabels()) return Batch(batch.x.to(device));
  return Batch(batch.x.to(device), batch.labeled_x.to(device), batch.labels.to(device));
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
  auto task = task_info.create(TaskContext{task_params, BenchDevice(), streams});
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
    ->UseRealTime()
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
    ->UseRealTime()
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
      // The official NICE configuration (anchors/official_vera): gradient
      // penalty 1, entropy weight 1, lr 1e-4 for both networks, K = 20.
      settings = {{"nz", int64_t{100}},           {"generator_hidden", int64_t{500}},
                  {"generator_layers", int64_t{3}}, {"gradient_penalty", 1.0},
                  {"entropy_weight", 1.0},          {"lr", 1e-4},
                  {"glr", 1e-4}};
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
// coupling nets of state.range(0) x state.range(1), the paper's batch 200
// in [-1, 1].
constexpr int64_t kNiceBatch = 200;
void NiceStep(benchmark::State& state, const std::string& method) {
  const int64_t hidden = state.range(0), layers = state.range(1);
  if (!SetBlasThreads(state, static_cast<int>(state.range(2)))) return;
  torch::manual_seed(0);
  NiceConfig config;
  config.hidden = hidden;
  config.hidden_layers = layers;
  const torch::Device device = BenchDevice();
  NiceEnergyModel model(config, device, [device](int64_t n, at::Generator& g) {
    return Uniform01({n, 784}, g, torch::TensorOptions().device(device)) * 2 - 1;
  });
  torch::Tensor batch = (torch::rand({kNiceBatch, 784}) * 2 - 1).to(device);
  StepLoop(state, model, batch, method, Settings(method, true));
  if (method == "exact_ml") {
    // Multiply-adds of one flow pass per example: each coupling net
    // 392 -> hidden x layers -> 392.
    const double macs = config.couplings *
                        (392.0 * hidden + (layers - 1) * double(hidden) * hidden + hidden * 392.0);
    SetFlops(state, 2 * macs * kNiceBatch * kForwardBackward);
  }
}

// The entropy-gradient estimators alone on the NICE generator, batch 100:
// VERA's importance sampling vs K, and HMC (2 burn-in, 2 kept, 5 leapfrog).
GaussianGenerator NiceGenerator() {
  torch::manual_seed(0);
  GaussianGenerator generator(MakeMlpGeneratorNet(100, 784, 500, 3, "softplus"), 100,
                              std::vector<int64_t>{784}, 0.01);
  generator->to(BenchDevice());
  return generator;
}

void BM_VeraEstimator(benchmark::State& state) {
  if (!SetBlasThreads(state, 1)) return;
  GaussianGenerator generator = NiceGenerator();
  VariationalPosteriorSettings settings;
  settings.num_samples = state.range(0);
  VariationalPosterior posterior(100, settings, BenchDevice());
  at::Generator g = MakeGenerator(0, BenchDevice());
  GeneratorSample sample = generator->Sample(100, g);
  torch::Tensor x = sample.x.detach();
  for (auto _ : state) {
    benchmark::DoNotOptimize(posterior.EstimateScore(generator, x, sample.z, g).c);
    posterior.Update(generator, x, sample.z, g);
    Synchronize();
  }
}
BENCHMARK(BM_VeraEstimator)
    ->ArgName("K")
    ->Arg(1)
    ->Arg(5)
    ->Arg(20)
    ->Arg(100)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_HmcEstimator(benchmark::State& state) {
  if (!SetBlasThreads(state, 1)) return;
  GaussianGenerator generator = NiceGenerator();
  HmcPosterior hmc(100, {});
  at::Generator g = MakeGenerator(0, BenchDevice());
  GeneratorSample sample = generator->Sample(100, g);
  torch::Tensor x = sample.x.detach();
  for (auto _ : state) {
    benchmark::DoNotOptimize(hmc.EstimateScore(generator, x, sample.z, g).c);
    Synchronize();
  }
}
BENCHMARK(BM_HmcEstimator)->UseRealTime()->Unit(benchmark::kMillisecond);

// One Adam update of the paper NICE's 15.1 M parameters (4 coupling nets of
// 392-1000-1000-1000-1000-392): torch::optim::Adam (argument 0) against
// FusedAdam (1). Memory traffic: torch's chain of eight tensor operations
// moves about 20 tensor-sizes of bytes, the fused pass 7 (read p, g, m, v;
// write p, m, v): the "GB/s" counter counts those 7 for both.
void BM_AdamStep(benchmark::State& state) {
  const bool fused = state.range(0) == 1;
  auto options = torch::TensorOptions().device(BenchDevice());
  std::vector<torch::Tensor> parameters;
  for (int64_t k = 0; k < 4; ++k) {
    for (const std::vector<int64_t>& shape : std::vector<std::vector<int64_t>>{
             {1000, 392}, {1000}, {1000, 1000}, {1000}, {1000, 1000}, {1000},
             {1000, 1000}, {1000}, {392, 1000}, {392}}) {
      parameters.push_back(torch::randn(shape, options).requires_grad_(true));
      parameters.back().mutable_grad() = torch::randn(shape, options);
    }
  }
  int64_t numel = 0;
  for (const torch::Tensor& p : parameters) numel += p.numel();
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  if (fused) {
    optimizer = std::make_unique<FusedAdam>(parameters, torch::optim::AdamOptions(1e-4));
  } else {
    optimizer = std::make_unique<torch::optim::Adam>(parameters, torch::optim::AdamOptions(1e-4));
  }
  optimizer->step();  // the state's allocation is not timed
  for (auto _ : state) {
    optimizer->step();
    Synchronize();
  }
  state.counters["GB/s"] = benchmark::Counter(7.0 * 4 * numel * state.iterations() * 1e-9,
                                              benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AdamStep)->ArgName("fused")->Arg(0)->Arg(1)->UseRealTime()->Unit(
    benchmark::kMillisecond);

// Softplus forward and backward on one NICE hidden layer's activations
// (batch 200 x 1000; the paper's NICE has 16 per pass): torch::softplus
// (fused:0) against ebm::Softplus (fused:1), which keeps the sigmoid from
// its forward pass for the backward.
void BM_Softplus(benchmark::State& state) {
  const bool fused = state.range(0) == 1;
  torch::manual_seed(0);
  auto options = torch::TensorOptions().device(BenchDevice());
  torch::Tensor x = (torch::randn({200, 1000}, options) * 3).requires_grad_(true);
  torch::Tensor grad = torch::randn({200, 1000}, options);
  for (auto _ : state) {
    torch::Tensor y = fused ? Softplus(x) : torch::softplus(x);
    torch::Tensor gx = torch::autograd::grad({y}, {x}, {grad})[0];
    benchmark::DoNotOptimize(gx.data_ptr());
    Synchronize();
  }
  state.counters["elements/s"] =
      benchmark::Counter(double(x.numel()) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Softplus)->ArgName("fused")->Arg(0)->Arg(1)->UseRealTime()->Unit(
    benchmark::kMicrosecond);

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
  model.module().to(BenchDevice());
  Batch batch = OnDevice(
      Batch(torch::randn({kTabularBatch, kTabularDim}), torch::randn({kTabularLabeled, kTabularDim}),
            torch::arange(kTabularLabeled, torch::kLong).remainder(kTabularClasses)));
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

// n unlabelled and n labelled images of channels x side x side in [-1, 1],
// labels cycling over 10 classes, on the benchmark's device.
Batch RandomImageBatch(int64_t n, int64_t channels, int64_t side) {
  const std::vector<int64_t> shape = {n, channels, side, side};
  return OnDevice(Batch(torch::rand(shape) * 2 - 1, torch::rand(shape) * 2 - 1,
                        torch::arange(n, torch::kLong).remainder(10)));
}

void JemImageStep(benchmark::State& state, const std::string& method) {
  if (!SetBlasThreads(state, static_cast<int>(state.range(0)))) return;
  torch::manual_seed(0);
  WideResNetOptions options;
  options.depth = 10;
  options.width = 1;
  options.in_channels = 1;
  JemClassifier model(MakeWideResNet(options), {1, 28, 28}, 10, 1.0);
  model.module().to(BenchDevice());
  Batch batch = RandomImageBatch(kImageBatch, 1, 28);
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

// One step of a JEM method on the paper's CIFAR-10 model: WRN-28-10 (no
// normalization, dropout 0.3) on 3x32x32, 40 unlabelled and 40 labelled
// images, the settings of suites/jem-cifar10-paper.yaml.
constexpr int64_t kCifarBatch = 40;

void JemWrn28Step(benchmark::State& state, const std::string& method) {
  torch::manual_seed(0);
  WideResNetOptions options;
  options.depth = 28;
  options.width = 10;
  options.in_channels = 3;
  options.dropout = 0.3;
  JemClassifier model(MakeWideResNet(options), {3, 32, 32}, 10, 1.0);
  model.module().to(BenchDevice());
  Batch batch = RandomImageBatch(kCifarBatch, 3, 32);
  std::vector<std::pair<std::string, ParamValue>> settings = {{"lr", 1e-4}};
  if (method == "pcd_jem") {
    settings = {{"lr", 1e-4},   {"sgld_steps", int64_t{20}}, {"step_size", 1.0},
                {"noise", 0.01}, {"buffer_size", int64_t{10000}}};
  }
  if (method == "jem_vera") {
    settings = {{"lr", 3e-5},
                {"glr", 6e-5},
                {"post_lr", 3e-5},
                {"nz", int64_t{128}},
                {"generator", std::string("resnet")},
                {"generator_features", int64_t{256}},
                {"entropy_weight", 1e-4},
                {"alpha", 100.0},
                {"gradient_penalty", 0.1}};
  }
  StepLoop(state, model, batch, method, settings);
}

// Arguments of the blas_threads axis: 1 and 2 on the CPU; on CUDA 0
// (ignored).
void BlasThreadArgs(benchmark::internal::Benchmark* b) {
  if (BenchDevice().is_cuda()) {
    b->Arg(0);
  } else {
    b->Arg(1)->Arg(2);
  }
}

void RegisterMethodBenchmarks() {
  MethodRegistry methods;
  RegisterAllMethods(methods);
  const bool cuda = BenchDevice().is_cuda();
  for (const auto& [name, info] : methods.all()) {
    if (info.needs_classifier && name != "vat" && (cuda || TimeWrn28())) {
      benchmark::RegisterBenchmark(("BM_JemWrn28Step/" + name).c_str(),
                                   [name = name](benchmark::State& s) { JemWrn28Step(s, name); })
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
    if (info.needs_classifier) {
      if (name != "vat") {  // the jem task's methods
        benchmark::RegisterBenchmark(("BM_JemImageStep/" + name).c_str(),
                                     [name = name](benchmark::State& s) { JemImageStep(s, name); })
            ->ArgNames({"blas_threads"})
            ->Apply(BlasThreadArgs)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
      }
      benchmark::RegisterBenchmark(("BM_TabularStep/" + name).c_str(),
                                   [name = name](benchmark::State& s) { TabularStep(s, name); })
          ->ArgNames({"blas_threads"})
          ->Apply(BlasThreadArgs)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
      continue;
    }
    benchmark::RegisterBenchmark(("BM_ToyStep/" + name).c_str(),
                                 [name = name](benchmark::State& s) { ToyStep(s, name); })
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    auto* nice = benchmark::RegisterBenchmark(
                     ("BM_NiceStep/" + name).c_str(),
                     [name = name](benchmark::State& s) { NiceStep(s, name); })
                     ->ArgNames({"hidden", "layers", "blas_threads"})
                     ->UseRealTime()
                     ->Unit(benchmark::kMillisecond);
    // The paper's coupling nets (1000 x 4) and nice-cpu's (200 x 2).
    for (int64_t blas : cuda ? std::vector<int64_t>{0} : std::vector<int64_t>{1, 2}) {
      nice->Args({1000, 4, blas});
      nice->Args({200, 2, blas});
    }
  }
}

}  // namespace
}  // namespace ebm

int main(int argc, char** argv) {
  int threads = 1;
  std::string device = "cpu";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--threads=", 0) == 0) threads = std::atoi(arg.c_str() + 10);
    if (arg.rfind("--device=", 0) == 0) device = arg.substr(9);
    if (arg == "--wrn28") ebm::TimeWrn28() = true;
  }
  ebm::ConfigureProcess(threads);
  ebm::BenchDevice() = torch::Device(device);
  if (ebm::BenchDevice().is_cuda() && !torch::cuda::is_available()) {
    std::cerr << "method_step_benchmark: --device=" << device
              << " but LibTorch sees no CUDA device\n";
    return 2;
  }
  benchmark::AddCustomContext("device", device);
  ebm::Environment env = ebm::DetectEnvironment(device);
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
