// Every method's first training steps on a target device against the same
// steps on the CPU, in float64: from the same initial weights, on the same
// batches, with the same random numbers (one CPU generator per step feeds
// both runs; see src/core/random_tensors.h), so that any difference is the
// device's arithmetic. Tolerances: every step's scalars within 1e-7
// relative, and after the last step every parameter within 1e-7 of the
// reference, relative to the largest reference parameter of its tensor (at
// least 1). Float64 rounding differences (other reduction orders, cuDNN's
// algorithms) are ~1e-15 per operation; three Adam steps amplify them by far
// less than 1e8, while a wrong device path (a tensor left on the CPU, a
// generator drawing other numbers, a float32 temporary) misses by > 1e-6.
//
// Target device: $EBMBENCH_TEST_DEVICE ("cuda", "cuda:1", "cpu"); default
// cuda when LibTorch sees one, else cpu (then the test still checks that
// every method trains in float64 with host-drawn noise, and that two runs
// agree bit for bit). With $EBMBENCH_EQUIVALENCE_REPORT set, writes one line
// per case (largest differences) there for tools/gpu_check.sh's summary.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/core/params.h"
#include "src/core/random_streams.h"
#include "src/core/random_tensors.h"
#include "src/methods/registry.h"
#include "src/models/nice_energy.h"
#include "src/tasks/registry.h"

namespace ebm {
namespace {

using Settings = std::vector<std::pair<std::string, ParamValue>>;

constexpr int kSteps = 3;
constexpr double kTolerance = 1e-7;

torch::Device TargetDevice() {
  const char* name = std::getenv("EBMBENCH_TEST_DEVICE");
  if (name && *name) return torch::Device(name);
  return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

// A model and the data of one case, on one device.
struct CaseSetup {
  std::unique_ptr<Task> task;          // when the model is a task's
  std::unique_ptr<EnergyModel> model;  // when it is built here
  Batch batch{torch::Tensor()};
  EnergyModel& Model() { return task ? task->model() : *model; }
};

struct Case {
  std::string name;
  std::string method;
  Settings method_settings;
  // Builds the setup on `device`; both calls must give the same numbers.
  std::function<CaseSetup(torch::Device)> make;
};

Params WithSettings(const std::vector<ParamSpec>& specs, const Settings& settings) {
  Params params = Params::Defaults(specs);
  for (const auto& [name, value] : settings) params.Set(name, value);
  return params;
}

// A task of the registry on `device`, with its first `batch` training
// examples (and `labeled` labelled ones) as the step's batch, in float64.
std::function<CaseSetup(torch::Device)> TaskSetup(const std::string& task_name, Settings settings,
                                              int64_t batch, int64_t labeled = 0) {
  return [=](torch::Device device) {
    TaskRegistry tasks;
    RegisterAllTasks(tasks);
    const TaskInfo& info = *tasks.Find(task_name);
    // The task keeps a reference to its parameters only while it is built.
    Params params = WithSettings(info.description.params, settings);
    RandomStreams streams(11);
    CaseSetup setup;
    setup.task = info.create(TaskContext{params, device, streams});
    torch::Tensor x = setup.task->TrainBatch(torch::arange(batch, torch::kLong))
                          .to(device, torch::kDouble);
    if (labeled > 0) {
      auto [lx, ly] = setup.task->LabeledBatch(torch::arange(labeled, torch::kLong));
      setup.batch = Batch(x, lx.to(device, torch::kDouble), ly.to(device));
    } else {
      setup.batch = Batch(x);
    }
    return setup;
  };
}

// A small NICE flow (16 dimensions) on Gaussian data: the exact-likelihood
// path without MNIST.
CaseSetup NiceSetup(torch::Device device) {
  torch::manual_seed(5);
  NiceConfig config{16, 32, 2, 4};
  CaseSetup setup;
  setup.model = std::make_unique<NiceEnergyModel>(
      config, device, [device](int64_t n, at::Generator& generator) {
        return Uniform01({n, 16}, generator, torch::TensorOptions().device(device));
      });
  at::Generator data = MakeGenerator(6, torch::kCPU);
  setup.batch = Batch(torch::randn({32, 16}, data).to(device));
  return setup;
}

std::vector<Case> Cases() {
  const Settings toy = {{"hidden", int64_t{32}}, {"train_size", int64_t{256}},
                        {"test_size", int64_t{64}}, {"train_grid", int64_t{32}}};
  Settings smooth_toy = toy;
  smooth_toy.push_back({"activation", std::string("softplus")});
  const Settings generator = {{"nz", int64_t{4}}, {"glr", 0.003}, {"gradient_penalty", 0.1}};
  const Settings chains = {{"sgld_steps", int64_t{5}}, {"buffer_size", int64_t{64}}};
  const Settings tabular = {{"dataset", std::string("mixture")}, {"hidden", std::string("32,16")},
                            {"mixture_size", int64_t{200}}, {"labels_per_class", int64_t{4}}};
  const Settings images = {{"dataset", std::string("synthetic")}, {"net", std::string("wrn")},
                           {"depth", int64_t{10}}, {"width", int64_t{1}},
                           {"synthetic_size", int64_t{64}}, {"synthetic_image", int64_t{32}}};
  const Settings image_generator = {{"nz", int64_t{8}}, {"generator", std::string("resnet")},
                                    {"generator_features", int64_t{16}},
                                    {"posterior_samples", int64_t{4}}};
  auto toy_case = TaskSetup("toy2d", toy, 16);
  auto smooth_case = TaskSetup("toy2d", smooth_toy, 16);
  auto tabular_case = TaskSetup("tabular_ssl", tabular, 16, 8);
  auto image_case = TaskSetup("jem", images, 8, 8);
  Settings short_chains = chains;
  short_chains.erase(short_chains.begin() + 1);  // short_run keeps no buffer
  return {
      {"exact_ml/toy2d", "exact_ml", {}, toy_case},
      {"exact_ml/nice", "exact_ml", {}, NiceSetup},
      {"pcd/toy2d", "pcd", chains, toy_case},
      {"short_run/toy2d", "short_run", short_chains, toy_case},
      {"ssm/toy2d", "ssm", {}, smooth_case},
      {"dsm/toy2d", "dsm", {}, smooth_case},
      {"nce/toy2d", "nce", {}, toy_case},
      {"vera/toy2d", "vera", generator, toy_case},
      {"vera/nice", "vera", generator, NiceSetup},
      {"vera_hmc/toy2d", "vera_hmc", generator, toy_case},
      {"generator_no_entropy/toy2d", "generator_no_entropy", generator, toy_case},
      {"supervised/tabular", "supervised", {}, tabular_case},
      {"vat/tabular", "vat", {}, tabular_case},
      {"pcd_jem/tabular", "pcd_jem", chains, tabular_case},
      {"jem_vera/tabular", "jem_vera", generator, tabular_case},
      {"supervised/wrn", "supervised", {}, image_case},
      {"pcd_jem/wrn", "pcd_jem", chains, image_case},
      {"jem_vera/wrn", "jem_vera", image_generator, image_case},
  };
}

// One run of `kSteps` steps: every step's scalars, then the parameters.
struct Trace {
  std::vector<Scalars> steps;
  std::vector<torch::Tensor> parameters;  // on the CPU
};

Trace Train(const Case& c, CaseSetup& setup, torch::Device device,
            const std::vector<torch::Tensor>* weights) {
  EnergyModel& model = setup.Model();
  if (weights) {
    // The target starts from the reference's very weights.
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> mine = model.module().parameters();
    for (size_t i = 0; i < mine.size(); ++i) mine[i].copy_((*weights)[i]);
  }
  MethodRegistry methods;
  RegisterAllMethods(methods);
  const MethodInfo& info = *methods.Find(c.method);
  Params params = WithSettings(info.params, c.method_settings);
  at::Generator setup_noise = MakeGenerator(21, torch::kCPU);
  MethodContext context{model, params, device, setup_noise, /*init_seed=*/22};
  at::Generator pool_noise = MakeGenerator(23, torch::kCPU);
  torch::Tensor pool = setup.batch.x.cpu().flatten(1).repeat({4, 1});
  pool = (pool + 0.1 * torch::randn(pool.sizes(), pool_noise, pool.options())).to(device);
  context.data_sample = [&](int64_t) { return pool; };
  std::unique_ptr<Method> method = info.create(context);
  Trace trace;
  for (int step = 0; step < kSteps; ++step) {
    at::Generator noise = MakeGenerator(100 + step, torch::kCPU);
    trace.steps.push_back(method->Step(setup.batch, noise));
  }
  for (const torch::Tensor& p : model.module().parameters()) {
    trace.parameters.push_back(p.detach().cpu().clone());
  }
  return trace;
}

double RelativeDifference(double a, double b) {
  if (a == b) return 0;
  return std::abs(a - b) / std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

class DeviceEquivalenceTest : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    previous_dtype_ = torch::get_default_dtype();
    torch::set_default_dtype(caffe2::TypeMeta::Make<double>());
  }
  static void TearDownTestSuite() { torch::set_default_dtype(previous_dtype_); }
  static caffe2::TypeMeta previous_dtype_;
};
caffe2::TypeMeta DeviceEquivalenceTest::previous_dtype_;

TEST_P(DeviceEquivalenceTest, FirstStepsMatchTheCpuInFloat64) {
  const Case& c = GetParam();
  const torch::Device target = TargetDevice();
  if (target.is_cuda() && !torch::cuda::is_available()) {
    GTEST_SKIP() << "EBMBENCH_TEST_DEVICE=" << target << " but LibTorch sees no CUDA device";
  }
  CaseSetup reference_setup = c.make(torch::kCPU);
  std::vector<torch::Tensor> weights;
  for (const torch::Tensor& p : reference_setup.Model().module().parameters()) {
    weights.push_back(p.detach().clone());
    ASSERT_EQ(p.scalar_type(), torch::kDouble) << c.name << ": a parameter is not float64";
  }
  const Trace reference = Train(c, reference_setup, torch::kCPU, nullptr);
  CaseSetup target_setup = c.make(target);
  const Trace on_target = Train(c, target_setup, target, &weights);

  double scalar_diff = 0, parameter_diff = 0;
  std::string worst_scalar = "-", worst_parameter = "-";
  ASSERT_EQ(reference.steps.size(), on_target.steps.size());
  for (size_t s = 0; s < reference.steps.size(); ++s) {
    ASSERT_EQ(reference.steps[s].size(), on_target.steps[s].size()) << c.name;
    for (size_t i = 0; i < reference.steps[s].size(); ++i) {
      const auto& [name, value] = reference.steps[s][i];
      ASSERT_EQ(name, on_target.steps[s][i].first);
      ASSERT_TRUE(std::isfinite(value)) << c.name << ": step " << s << " " << name;
      const double d = RelativeDifference(value, on_target.steps[s][i].second);
      if (d > scalar_diff) scalar_diff = d, worst_scalar = name + "@" + std::to_string(s);
      EXPECT_LE(d, kTolerance) << c.name << ": step " << s << " scalar " << name << ": cpu "
                               << value << ", " << target << " " << on_target.steps[s][i].second;
    }
  }
  ASSERT_EQ(reference.parameters.size(), on_target.parameters.size());
  for (size_t i = 0; i < reference.parameters.size(); ++i) {
    const torch::Tensor& r = reference.parameters[i];
    const double scale = std::max(1.0, r.abs().max().item<double>());
    const double d = (r - on_target.parameters[i]).abs().max().item<double>() / scale;
    if (d > parameter_diff) parameter_diff = d, worst_parameter = "#" + std::to_string(i);
    EXPECT_LE(d, kTolerance) << c.name << ": parameter tensor " << i << " after " << kSteps
                             << " steps";
  }
  // Training moved the weights: the comparison is not of two untouched copies.
  double moved = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    moved = std::max(moved, (reference.parameters[i] - weights[i]).abs().max().item<double>());
  }
  EXPECT_GT(moved, 0) << c.name << ": no parameter changed in " << kSteps << " steps";

  if (const char* path = std::getenv("EBMBENCH_EQUIVALENCE_REPORT")) {
    std::ofstream(path, std::ios::app)
        << c.name << " device=" << target << " steps=" << kSteps
        << " max_scalar_rel_diff=" << scalar_diff << " (" << worst_scalar << ")"
        << " max_param_rel_diff=" << parameter_diff << " (" << worst_parameter << ")"
        << " tolerance=" << kTolerance << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(EveryMethod, DeviceEquivalenceTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '/', '_');
                           return name;
                         });

// Every registered method has a case.
TEST(DeviceEquivalenceCoverage, EveryRegisteredMethodIsCompared) {
  MethodRegistry methods;
  RegisterAllMethods(methods);
  std::vector<std::string> compared;
  for (const Case& c : Cases()) compared.push_back(c.method);
  for (const auto& [name, info] : methods.all()) {
    EXPECT_NE(std::find(compared.begin(), compared.end(), name), compared.end())
        << "method " << name << " has no device equivalence case";
  }
}

}  // namespace
}  // namespace ebm
