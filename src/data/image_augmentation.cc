#include "src/data/image_augmentation.h"

#include <stdexcept>

namespace ebm {

AugmentationOptions ParseAugmentation(const std::string& name, double noise,
                                      const std::string& pad_mode) {
  AugmentationOptions options;
  if (name == "crop" || name == "crop_flip") options.pad = 4;
  options.flip = name == "crop_flip";
  if (name != "none" && options.pad == 0) {
    throw std::invalid_argument("augment '" + name + "': expected none, crop or crop_flip");
  }
  if (noise < 0) throw std::invalid_argument("data_noise must be >= 0");
  if (pad_mode != "constant" && pad_mode != "reflect")
    throw std::invalid_argument("pad_mode '" + pad_mode + "': expected constant or reflect");
  options.pad_mode = pad_mode == "reflect" ? PadMode::kReflect : PadMode::kConstant;
  options.noise = noise;
  return options;
}

torch::Tensor PadImages(const torch::Tensor& images, int64_t pad, PadMode mode) {
  if (pad == 0) return images;
  if (mode == PadMode::kReflect)
    return torch::reflection_pad2d(images, {pad, pad, pad, pad});
  return torch::constant_pad_nd(images, {pad, pad, pad, pad}, -1.0);
}

torch::Tensor AugmentImages(const torch::Tensor& images, const AugmentationOptions& options,
                            at::Generator& generator) {
  TORCH_CHECK(images.dim() == 4, "augmentation expects [B, C, H, W] images");
  TORCH_CHECK(generator.device().is_cpu(), "augmentation draws from a CPU generator");
  if (!options.Any()) return images;
  const int64_t batch = images.size(0), h = images.size(2), w = images.size(3);
  torch::Tensor out = images;
  if (options.pad > 0 || options.flip) {
    // Offsets and flips: a handful of numbers per example.
    const int64_t p = options.pad;
    torch::Tensor offsets = torch::randint(0, 2 * p + 1, {batch, 2}, generator, torch::kLong);
    torch::Tensor flips = torch::rand({batch}, generator) < 0.5;
    torch::Tensor padded = PadImages(images, p, options.pad_mode);
    std::vector<torch::Tensor> crops;
    crops.reserve(batch);
    auto offset = offsets.accessor<int64_t, 2>();
    auto flip = flips.accessor<bool, 1>();
    for (int64_t i = 0; i < batch; ++i) {
      torch::Tensor crop = padded[i].narrow(1, offset[i][0], h).narrow(2, offset[i][1], w);
      crops.push_back(options.flip && flip[i] ? crop.flip({2}) : crop);
    }
    out = torch::stack(crops);
  }
  if (options.noise > 0) {
    out = out + options.noise * torch::randn(out.sizes(), generator).to(out.options());
  }
  return out;
}

}  // namespace ebm
