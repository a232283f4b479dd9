#include "src/metrics/sgemm_reference.h"

#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace ebm {

double MeasureSgemmGflops(torch::Device device, int64_t n, int repeats) {
  torch::NoGradGuard no_grad;
  auto options = torch::TensorOptions().device(device);
  // Fixed contents: the reference never touches the run's random streams.
  torch::Tensor a = torch::linspace(-1, 1, n * n, options).reshape({n, n});
  torch::Tensor b = a.t().contiguous();
  torch::Tensor c = torch::empty({n, n}, options);
  auto sync = [&] {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
  };
  std::vector<double> seconds;
  for (int i = 0; i < repeats + 2; ++i) {
    sync();
    auto start = std::chrono::steady_clock::now();
    torch::mm_out(c, a, b);
    sync();
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (i >= 2) seconds.push_back(elapsed);
  }
  std::nth_element(seconds.begin(), seconds.begin() + seconds.size() / 2, seconds.end());
  const double median = seconds[seconds.size() / 2];
  return 2.0 * static_cast<double>(n * n * n) / median * 1e-9;
}

}  // namespace ebm
