// NICE (Dinh et al. 2015) as the VERA paper trains it on MNIST: a fixed
// even/odd permutation, additive coupling layers alternating halves, then a
// diagonal scaling exp(s).
//
//   h = P x                 (even coordinates first, then odd)
//   coupling k (k = 0, 1, ...):  even k: h_b += m_k(h_a);  odd k: h_a += m_k(h_b)
//                           (h_a the first floor(D/2) coordinates, h_b the rest)
//   y = exp(s) * h          (s initialized to 0)
//   log p(x) = -D/2 log 2 pi - |y|^2 / 2 + sum(s)
//
// Each m_k is an MLP in -> hidden (x hidden_layers, Softplus) -> out; the
// paper's is 392 -> 1000 x 4 -> 392. Additive couplings have unit Jacobian
// determinant, so log|det dy/dx| = sum(s) for every x. The permutation is an
// index gather, not a dense matrix product.
#ifndef EBMBENCH_MODELS_NICE_FLOW_H_
#define EBMBENCH_MODELS_NICE_FLOW_H_

#include <torch/torch.h>

#include <vector>

namespace ebm {

struct NiceConfig {
  int64_t dim = 784;
  int64_t hidden = 1000;
  int64_t hidden_layers = 4;
  int64_t couplings = 4;
};

class NiceFlowImpl : public torch::nn::Module {
 public:
  explicit NiceFlowImpl(const NiceConfig& config);

  // y = f(x) for x of shape [B, dim].
  torch::Tensor Forward(const torch::Tensor& x);
  // x = f^-1(y).
  torch::Tensor Inverse(const torch::Tensor& y);
  // log|det df/dx| = sum(s), the same for every x (a scalar).
  torch::Tensor LogDet() const { return log_scale_.sum(); }
  // Exact log p(x), shape [B]; differentiable in the parameters and in x.
  torch::Tensor LogProb(const torch::Tensor& x);
  // Exact samples: f^-1 of standard normal noise.
  torch::Tensor Sample(int64_t n, at::Generator& generator);
  // grad_x log p(x), shape [B, dim], detached: the backward pass written
  // out (see LogProbGradient in nice_flow.cc) instead of autograd's, for
  // SGLD chains, which take it 20 times per training step.
  torch::Tensor LogProbGradient(const torch::Tensor& x);

  const NiceConfig& config() const { return config_; }
  // Where coordinate i of the permuted vector comes from.
  const torch::Tensor& permutation() const { return permutation_; }

 private:
  // x with its coordinates permuted (or permuted back).
  torch::Tensor Permuted(const torch::Tensor& x, bool inverse);
  // Adds (or subtracts) coupling k's shift to the permuted h.
  torch::Tensor Couple(int64_t k, const torch::Tensor& h, bool inverse);

  NiceConfig config_;
  int64_t first_half_;  // floor(dim / 2)
  torch::Tensor permutation_, inverse_permutation_;
  std::vector<torch::nn::Sequential> shift_nets_;
  // The Linear layers of each shift net, in order (also in shift_nets_).
  std::vector<std::vector<torch::nn::Linear>> shift_layers_;
  torch::Tensor log_scale_;  // s, shape [dim]
};
TORCH_MODULE(NiceFlow);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_NICE_FLOW_H_
