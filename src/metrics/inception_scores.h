// FID (Heusel et al. 2017) and Inception Score (Salimans et al. 2016) from
// an Inception-v3 network the user supplies as a TorchScript file (ebmbench
// ships no Inception weights and cannot download them here).
//
// The file's contract: forward(x) with x float [N, 3, 299, 299] in [-1, 1]
// returns a tuple (features [N, D], logits [N, K]): the pool features FID
// compares (D = 2048 for Inception-v3) and the class logits the Inception
// Score uses. Grey images are repeated to three channels and every image is
// resized bilinearly to 299x299 before the call.
#ifndef EBMBENCH_METRICS_INCEPTION_SCORES_H_
#define EBMBENCH_METRICS_INCEPTION_SCORES_H_

#include <torch/torch.h>

#include <memory>
#include <string>

#include "src/metrics/frechet_distance.h"

namespace torch::jit {
struct Module;
}  // namespace torch::jit

namespace ebm {

// Inception Score of class logits [N, K]: exp(mean_x KL(p(y|x) || p(y))),
// averaged over `splits` equal parts, as the original code.
double InceptionScore(const torch::Tensor& logits, int64_t splits = 10);

class InceptionNetwork {
 public:
  // Throws std::runtime_error naming the path when the file is missing or
  // not TorchScript.
  InceptionNetwork(const std::string& path, torch::Device device);
  ~InceptionNetwork();

  struct Outputs {
    torch::Tensor features, logits;  // CPU, float
  };
  // Images [N, C, H, W] in [-1, 1], C = 1 or 3.
  Outputs Run(const torch::Tensor& images);

 private:
  std::unique_ptr<torch::jit::Module> module_;
  torch::Device device_;
  std::string path_;
};

}  // namespace ebm

#endif  // EBMBENCH_METRICS_INCEPTION_SCORES_H_
