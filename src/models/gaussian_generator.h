// The generator q of VERA: z ~ N(0, I_nz), x = g(z) + sigma * eps with
// eps ~ N(0, I). g is any network from [B, nz] to [B, D] (an MLP for
// vectors, later a deconvolution net for images); sigma is one learned
// scalar kept as log sigma and clamped to a range after every update.
//
//   log q(x, z) = log N(z; 0, I) + log N(x; g(z), sigma^2 I)
//
// Samples are shaped as the energy's input (sample_shape); g's output is
// flat and reshaped.
#ifndef EBMBENCH_MODELS_GAUSSIAN_GENERATOR_H_
#define EBMBENCH_MODELS_GAUSSIAN_GENERATOR_H_

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace ebm {

// A network from [B, nz] to [B, D]: the mean g(z) of the generator.
class GeneratorNet : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& z) = 0;
};

struct GeneratorSample {
  torch::Tensor x;  // g(z) + sigma * eps, differentiable in g and sigma
  torch::Tensor z;  // the latent that produced x
};

class GaussianGeneratorImpl : public torch::nn::Module {
 public:
  // `net` maps [B, nz] to [B, prod(sample_shape)].
  GaussianGeneratorImpl(std::shared_ptr<GeneratorNet> net, int64_t nz,
                        std::vector<int64_t> sample_shape, double sigma_init);

  GeneratorSample Sample(int64_t n, at::Generator& generator);
  // g(z), shaped as samples.
  torch::Tensor Mean(const torch::Tensor& z);
  // log q(x, z) per row; x shaped as samples, z [B, nz].
  torch::Tensor LogJoint(const torch::Tensor& x, const torch::Tensor& z);
  // The same from the residual x - g(z), [B, prod(sample_shape)], for a
  // caller that needs the residual too (VERA's importance weights and
  // score share one).
  torch::Tensor LogJointOfResidual(const torch::Tensor& z, const torch::Tensor& residual);

  torch::Tensor sigma() const { return log_sigma_.exp(); }
  torch::Tensor& log_sigma() { return log_sigma_; }
  void ClampSigma(double sigma_min, double sigma_max);

  int64_t nz() const { return nz_; }
  int64_t data_dim() const { return data_dim_; }
  const std::vector<int64_t>& sample_shape() const { return sample_shape_; }
  GeneratorNet& net() { return *net_; }

 private:
  std::shared_ptr<GeneratorNet> net_;
  int64_t nz_;
  int64_t data_dim_;
  std::vector<int64_t> sample_shape_;
  torch::Tensor log_sigma_;
};
TORCH_MODULE(GaussianGenerator);

// The paper's MLP generator: `layers` blocks of Linear (no bias) ->
// BatchNorm -> activation ("softplus" or "relu"), then a linear output
// with bias.
std::shared_ptr<GeneratorNet> MakeMlpGeneratorNet(int64_t nz, int64_t out_dim,
                                                  int64_t hidden, int64_t layers,
                                                  const std::string& activation);

// g(z) = W z + b: q is then N(b, W W^T + sigma^2 I), the closed form the
// entropy estimators are tested against.
std::shared_ptr<GeneratorNet> MakeLinearGeneratorNet(int64_t nz, int64_t out_dim);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_GAUSSIAN_GENERATOR_H_
