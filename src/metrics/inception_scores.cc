#include "src/metrics/inception_scores.h"

#include <torch/script.h>

#include <filesystem>
#include <stdexcept>

namespace ebm {

double InceptionScore(const torch::Tensor& logits, int64_t splits) {
  TORCH_CHECK(logits.dim() == 2 && logits.size(0) >= splits && splits >= 1,
              "Inception Score needs logits [N, K] with N >= splits");
  torch::Tensor log_p = torch::log_softmax(logits.to(torch::kDouble), 1);
  double total = 0;
  const int64_t n = logits.size(0);
  for (int64_t s = 0; s < splits; ++s) {
    torch::Tensor part = log_p.slice(0, s * n / splits, (s + 1) * n / splits);
    torch::Tensor log_marginal = part.exp().mean(0).log();
    torch::Tensor kl = (part.exp() * (part - log_marginal)).sum(1);
    total += kl.mean().exp().item<double>();
  }
  return total / splits;
}

InceptionNetwork::InceptionNetwork(const std::string& path, torch::Device device)
    : device_(device), path_(path) {
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error("inception: " + path +
                             " does not exist. FID and Inception Score need Inception-v3 as a "
                             "TorchScript file whose forward(x [N, 3, 299, 299] in [-1, 1]) "
                             "returns (pool features, logits); leave `inception` empty to skip them");
  }
  try {
    module_ = std::make_unique<torch::jit::Module>(torch::jit::load(path, device));
  } catch (const c10::Error& e) {
    throw std::runtime_error("inception: " + path + " is not a TorchScript file: " +
                             e.what_without_backtrace());
  }
  module_->eval();
}

InceptionNetwork::~InceptionNetwork() = default;

InceptionNetwork::Outputs InceptionNetwork::Run(const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> features, logits;
  for (int64_t start = 0; start < images.size(0); start += 100) {
    torch::Tensor x = images.slice(0, start, std::min(start + 100, images.size(0)))
                          .to(device_, torch::kFloat);
    if (x.size(1) == 1) x = x.repeat({1, 3, 1, 1});
    x = torch::upsample_bilinear2d(x, {299, 299}, /*align_corners=*/false);
    c10::IValue out = module_->forward({x});
    if (!out.isTuple() || out.toTuple()->elements().size() != 2) {
      throw std::runtime_error("inception: " + path_ +
                               "'s forward must return a tuple (features, logits)");
    }
    features.push_back(out.toTuple()->elements()[0].toTensor().cpu());
    logits.push_back(out.toTuple()->elements()[1].toTensor().cpu());
  }
  return {torch::cat(features), torch::cat(logits)};
}

}  // namespace ebm
