// SGLD's chains split into blocks of rows on threads (--sgld-threads): each
// block ends exactly where the same rows end when run alone with the same
// noise, the noise stream is the unsplit loop's, the result is the unsplit
// chains' up to float32 roundings, OpenBLAS's thread count comes back, and
// an error in a helper thread reaches the caller.
#include "src/methods/sgld.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <stdexcept>
#include <thread>

#include "src/core/blas_threads.h"
#include "src/core/process_settings.h"
#include "src/core/random_streams.h"
#include "src/core/random_tensors.h"
#include "src/models/nice_energy.h"

namespace ebm {
namespace {

NiceEnergyModel MakeSmallNice() {
  torch::manual_seed(11);
  NiceConfig config;
  config.dim = 13;
  config.hidden = 32;
  config.hidden_layers = 2;
  config.couplings = 3;
  return NiceEnergyModel(config, torch::kCPU, [](int64_t n, at::Generator& g) {
    return StandardNormal({n, 13}, g, torch::TensorOptions());
  });
}

// Runs `run` with SgldThreads() = n, restoring 1 after.
template <typename Run>
torch::Tensor WithSgldThreads(int n, Run run) {
  SetSgldThreads(n);
  torch::Tensor out = run();
  SetSgldThreads(1);
  return out;
}

TEST(SgldTest, SplitChainsEndWhereTheirRowsEndAloneWithTheSameNoise) {
  NiceEnergyModel model = MakeSmallNice();
  SgldSettings settings;
  settings.steps = 6;
  settings.step_size = 0.1;
  settings.noise = 0.05;
  torch::Tensor start = torch::randn({50, 13});

  at::Generator split_noise = MakeGenerator(3, torch::kCPU);
  torch::Tensor split = WithSgldThreads(3, [&] {
    return RunSgld(model, start, settings, split_noise);
  });

  // The same rows, block by block (50 rows in 3: 16, 17, 17), one thread.
  at::Generator reference_noise = MakeGenerator(3, torch::kCPU);
  std::vector<torch::Tensor> noise;
  for (int k = 0; k < settings.steps; ++k)
    noise.push_back(StandardNormal({50, 13}, reference_noise, torch::TensorOptions()));
  std::vector<torch::Tensor> blocks;
  {
    ScopedBlasThreads one(1);
    const int64_t bounds[] = {0, 16, 33, 50};
    for (int b = 0; b < 3; ++b) {
      const int64_t rows = bounds[b + 1] - bounds[b];
      torch::Tensor x = start.narrow(0, bounds[b], rows);
      for (int k = 0; k < settings.steps; ++k) {
        x = x + settings.step_size * model.LogDensityGradient(x) +
            settings.noise * noise[k].narrow(0, bounds[b], rows);
      }
      blocks.push_back(x);
    }
  }
  EXPECT_TRUE(torch::equal(split, torch::cat(blocks, 0)));
  // The chains moved, and both generators drew the same amount.
  EXPECT_GT((split - start).abs().max().item<float>(), 0.1);
  EXPECT_TRUE(torch::equal(StandardNormal({4}, split_noise, torch::TensorOptions()),
                           StandardNormal({4}, reference_noise, torch::TensorOptions())));

  // Unsplit, the same chains up to roundings.
  at::Generator whole_noise = MakeGenerator(3, torch::kCPU);
  torch::Tensor whole = RunSgld(model, start, settings, whole_noise);
  EXPECT_TRUE(torch::allclose(split, whole, /*rtol=*/1e-5, /*atol=*/1e-5))
      << (split - whole).abs().max().item<float>();
  EXPECT_TRUE(model.module().is_training());
}

TEST(SgldTest, OpenBlasThreadCountIsRestored) {
  using GetThreads = int (*)();
  auto get = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  if (get == nullptr) GTEST_SKIP() << "the loaded BLAS is not OpenBLAS";
  const int before = get();
  {
    ScopedBlasThreads three(3);
    EXPECT_TRUE(three.active());
    EXPECT_EQ(get(), 3);
  }
  EXPECT_EQ(get(), before);
}

// Throws when called from any thread but the one that made it.
class FailsInHelpers : public EnergyModel {
 public:
  torch::Tensor LogDensity(const torch::Tensor& x) override { return -x.pow(2).sum(1); }
  torch::Tensor LogDensityGradient(const torch::Tensor& x) override {
    if (std::this_thread::get_id() != owner_) throw std::runtime_error("helper block failed");
    return -2 * x;
  }
  std::vector<int64_t> SampleShape() const override { return {2}; }
  torch::Tensor InitialSamples(int64_t n, at::Generator& g) override {
    return StandardNormal({n, 2}, g, torch::TensorOptions());
  }
  torch::nn::Module& module() override { return module_; }

 private:
  std::thread::id owner_ = std::this_thread::get_id();
  torch::nn::Module module_;
};

TEST(SgldTest, AnErrorInAHelperThreadReachesTheCaller) {
  FailsInHelpers model;
  at::Generator noise = MakeGenerator(1, torch::kCPU);
  EXPECT_NO_THROW(RunSgld(model, torch::zeros({12, 2}), SgldSettings(), noise));
  SetSgldThreads(4);
  EXPECT_THROW(RunSgld(model, torch::zeros({12, 2}), SgldSettings(), noise),
               std::runtime_error);
  SetSgldThreads(1);
}

}  // namespace
}  // namespace ebm
