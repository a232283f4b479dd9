// The names the tasks' data parameters accept: data sets, pixel transforms,
// augmentations. No torch here, so that suite files can be checked and
// records shown without loading LibTorch; the code that implements each
// name (toy2d.cc, image_datasets.cc, ...) throws for any other.
#ifndef EBMBENCH_DATA_DATA_CHOICES_H_
#define EBMBENCH_DATA_DATA_CHOICES_H_

#include <string>
#include <vector>

namespace ebm {

// 8gaussians, moons, rings, checkerboard, pinwheel (src/data/toy2d.h).
const std::vector<std::string>& Toy2dDatasetNames();

// Grey 28x28 IDX sets: mnist, fashion_mnist (src/data/image_datasets.h).
const std::vector<std::string>& ImageDatasetNames();

// cifar10, cifar100, svhn (src/data/color_image_datasets.h).
const std::vector<std::string>& ColorImageDatasetNames();

// Every image set a classifier task reads: the grey and colour ones, and
// "synthetic" (procedural gratings, made in memory).
std::vector<std::string> ImageClassificationDatasetNames();

// satellite, shuttle, letter, digits, hepmass, human, crop
// (src/data/tabular_datasets.h).
const std::vector<std::string>& TabularDatasetNames();

// dequantized, logit, scaled (src/data/pixel_transform.h).
const std::vector<std::string>& PixelTransformNames();

// none, crop, crop_flip (src/data/image_augmentation.h).
const std::vector<std::string>& AugmentationNames();

}  // namespace ebm

#endif  // EBMBENCH_DATA_DATA_CHOICES_H_
