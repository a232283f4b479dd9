// Sample quality without Inception weights: the Fréchet distance between
// the method's samples and the test images in the feature space of a small
// conv classifier (src/models/small_conv_net.h) that this class trains on
// the task's training set. Its initialization and batch order come from a
// fixed seed, not the run's, so every run on a data set is measured in the
// same feature space (on one device type). It is not FID and is never
// reported as FID: the features are not Inception's, and the numbers are
// comparable only within ebmbench and one data set.
//
// Also measured: the same distance for as many *training* images, the floor
// a perfect sampler would reach with this many samples.
#ifndef EBMBENCH_TASKS_SAMPLE_QUALITY_H_
#define EBMBENCH_TASKS_SAMPLE_QUALITY_H_

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>

#include "src/metrics/frechet_distance.h"
#include "src/models/classifier_net.h"

namespace ebm {

class ClassifierFrechetDistance {
 public:
  // Images in the model's space [N, C, H, W] (CPU); `steps` Adam steps of
  // batch 64 train the feature classifier when first needed.
  ClassifierFrechetDistance(torch::Tensor train_x, torch::Tensor train_y,
                            torch::Tensor test_x, int64_t classes, int64_t steps,
                            torch::Device device);

  // {"sample_fd": d^2(samples, test), "sample_fd_floor": d^2(training
  // images, test)} with as many training images as samples; samples are
  // clamped to the data's range [-1, 1] first, as pictures would be.
  std::map<std::string, double> Measure(const torch::Tensor& samples);

  // The trained classifier's test accuracy (how meaningful its features are).
  double FeatureNetAccuracy(const torch::Tensor& test_y);

 private:
  void TrainIfNeeded();
  torch::Tensor FeaturesOf(const torch::Tensor& x);

  torch::Tensor train_x_, train_y_, test_x_;
  int64_t classes_, steps_;
  torch::Device device_;
  std::shared_ptr<ClassifierNet> net_;
  GaussianFit test_fit_;
};

}  // namespace ebm

#endif  // EBMBENCH_TASKS_SAMPLE_QUALITY_H_
