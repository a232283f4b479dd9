#include "src/data/data_choices.h"

namespace ebm {

const std::vector<std::string>& Toy2dDatasetNames() {
  static const std::vector<std::string> names = {
      "8gaussians", "moons", "rings", "checkerboard", "pinwheel"};
  return names;
}

const std::vector<std::string>& ImageDatasetNames() {
  static const std::vector<std::string> names = {"mnist", "fashion_mnist"};
  return names;
}

const std::vector<std::string>& ColorImageDatasetNames() {
  static const std::vector<std::string> names = {"cifar10", "cifar100", "svhn"};
  return names;
}

std::vector<std::string> ImageClassificationDatasetNames() {
  std::vector<std::string> names = ImageDatasetNames();
  for (const std::string& n : ColorImageDatasetNames()) names.push_back(n);
  names.push_back("synthetic");
  return names;
}

const std::vector<std::string>& TabularDatasetNames() {
  static const std::vector<std::string> names = {
      "satellite", "shuttle", "letter", "digits", "hepmass", "human", "crop"};
  return names;
}

const std::vector<std::string>& PixelTransformNames() {
  static const std::vector<std::string> names = {"dequantized", "logit", "scaled"};
  return names;
}

const std::vector<std::string>& AugmentationNames() {
  static const std::vector<std::string> names = {"none", "crop", "crop_flip"};
  return names;
}

}  // namespace ebm
