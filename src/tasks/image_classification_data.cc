#include "src/tasks/image_classification_data.h"

#include <cmath>

#include "src/data/color_image_datasets.h"
#include "src/data/image_datasets.h"

namespace ebm {
namespace {

torch::Tensor ToModelSpace(const torch::Tensor& pixels) {
  return pixels.to(torch::kFloat) * (2.0 / 255.0) - 1.0;
}

// [N, H, W] grey or [N, C, H, W] colour pixels of one split.
std::pair<torch::Tensor, torch::Tensor> LoadSplit(const std::string& name, bool train) {
  if (IsColorImageDataset(name)) {
    ColorImageSplit split = LoadColorImageSplit(name, train);
    return {ToModelSpace(split.images), split.labels};
  }
  ImageSplit split = LoadImageSplit(name, train);
  return {ToModelSpace(split.images).unsqueeze(1), split.labels};
}

}  // namespace

LabeledImageSet MakeSyntheticGratings(int64_t count, int64_t classes, int64_t size,
                                      at::Generator& generator) {
  TORCH_CHECK(count >= 2 * classes && classes >= 2 && size >= 4,
              "synthetic gratings need count >= 2 classes, classes >= 2, size >= 4");
  // Test set: a quarter of the count again, drawn after the training set.
  const int64_t total = count + count / 4;
  torch::Tensor y = torch::arange(total, torch::kLong).remainder(classes);
  torch::Tensor angle = y.to(torch::kFloat) * (M_PI / classes);
  torch::Tensor phase = torch::rand({total}, generator) * (2 * M_PI);
  torch::Tensor frequency = 0.8 + 0.4 * torch::rand({total}, generator);  // cycles / 4 px
  torch::Tensor grid = torch::arange(size, torch::kFloat) - (size - 1) / 2.0;
  torch::Tensor rows = grid.view({1, size, 1}), cols = grid.view({1, 1, size});
  torch::Tensor along = rows * angle.sin().view({-1, 1, 1}) + cols * angle.cos().view({-1, 1, 1});
  torch::Tensor images = (along * frequency.view({-1, 1, 1}) * (M_PI / 2) + phase.view({-1, 1, 1}))
                             .sin() * 0.8 +
                         0.1 * torch::randn({total, size, size}, generator);
  images = images.clamp(-1, 1).unsqueeze(1);
  LabeledImageSet set;
  set.train_x = images.slice(0, 0, count);
  set.train_y = y.slice(0, 0, count);
  set.test_x = images.slice(0, count);
  set.test_y = y.slice(0, count);
  set.classes = classes;
  return set;
}

LabeledImageSet LoadImageClassificationData(const std::string& name, const Params& params,
                                            at::Generator& generator) {
  if (name == "synthetic") {
    return MakeSyntheticGratings(params.GetInt("synthetic_size"),
                                 params.GetInt("synthetic_classes"),
                                 params.GetInt("synthetic_image"), generator);
  }
  LabeledImageSet set;
  std::tie(set.train_x, set.train_y) = LoadSplit(name, true);
  std::tie(set.test_x, set.test_y) = LoadSplit(name, false);
  set.classes = IsColorImageDataset(name) ? ColorImageClasses(name) : 10;
  return set;
}

torch::Tensor LoadTestImages(const std::string& name) { return LoadSplit(name, false).first; }

}  // namespace ebm
