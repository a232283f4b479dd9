#include "src/data/color_image_datasets.h"

#include <filesystem>
#include <stdexcept>

#include "src/data/cifar_binary.h"
#include "src/data/image_datasets.h"
#include "src/data/svhn_mat.h"

namespace ebm {
namespace {

struct ColorSource {
  std::string name;
  std::string folder;  // under the data root
  std::vector<std::string> train_files, test_files;
  std::string published;
  int64_t classes;
};

const ColorSource& Source(const std::string& name) {
  static const std::vector<ColorSource> sources = {
      {"cifar10",
       "cifar10/cifar-10-batches-bin",
       {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
        "data_batch_5.bin"},
       {"test_batch.bin"},
       "www.cs.toronto.edu/~kriz/cifar.html (\"CIFAR-10 binary version\", "
       "cifar-10-binary.tar.gz); unpack it with `tar xzf cifar-10-binary.tar.gz -C "
       "DATA/cifar10`",
       10},
      {"cifar100",
       "cifar100/cifar-100-binary",
       {"train.bin"},
       {"test.bin"},
       "www.cs.toronto.edu/~kriz/cifar.html (\"CIFAR-100 binary version\", "
       "cifar-100-binary.tar.gz); unpack it with `tar xzf cifar-100-binary.tar.gz -C "
       "DATA/cifar100`",
       100},
      {"svhn",
       "svhn",
       {"train_32x32.mat"},
       {"test_32x32.mat"},
       "ufldl.stanford.edu/housenumbers (\"Format 2: cropped digits\", train_32x32.mat "
       "and test_32x32.mat); put both files in DATA/svhn",
       10},
  };
  for (const ColorSource& s : sources)
    if (s.name == name) return s;
  throw std::runtime_error("unknown colour image data set '" + name + "'");
}

std::string PathOf(const ColorSource& source, const std::string& file) {
  return (std::filesystem::path(DataRoot()) / source.folder / file).string();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
    text.replace(at, from.size(), to), at += to.size();
  return text;
}

}  // namespace

bool IsColorImageDataset(const std::string& name) {
  for (const std::string& n : ColorImageDatasetNames())
    if (n == name) return true;
  return false;
}

std::string MissingColorImageDatasetMessage(const std::string& name) {
  const ColorSource& source = Source(name);
  for (const auto* files : {&source.train_files, &source.test_files}) {
    for (const std::string& file : *files) {
      const std::string path = PathOf(source, file);
      if (std::filesystem::exists(path)) continue;
      return "data set " + name + ": " + path +
             " is missing. No package ships it: download it from " +
             Replace(source.published, "DATA", DataRoot()) + ", so that " + path +
             " exists (or point --data-dir / EBMBENCH_DATA at a folder holding " +
             source.folder + "/)";
    }
  }
  return "";
}

std::string ColorImageDatasetProblem(const std::string& name) {
  try {
    LoadColorImageSplit(name, true);
    LoadColorImageSplit(name, false);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

int64_t ColorImageClasses(const std::string& name) { return Source(name).classes; }

ColorImageSplit LoadColorImageSplit(const std::string& name, bool train) {
  const std::string missing = MissingColorImageDatasetMessage(name);
  if (!missing.empty()) throw std::runtime_error(missing);
  const ColorSource& source = Source(name);
  const std::vector<std::string>& files = train ? source.train_files : source.test_files;
  CifarImages images;
  if (name == "svhn") {
    SvhnImages svhn = ReadSvhnMat(PathOf(source, files.front()));
    images.count = svhn.count;
    images.pixels = std::move(svhn.pixels);
    images.labels = std::move(svhn.labels);
  } else {
    const CifarKind kind = name == "cifar100" ? CifarKind::kCifar100 : CifarKind::kCifar10;
    for (const std::string& file : files) ReadCifarBinary(PathOf(source, file), kind, &images);
  }
  ColorImageSplit split;
  split.images = torch::from_blob(images.pixels.data(), {images.count, 3, 32, 32},
                                  torch::kUInt8).clone();
  split.labels = torch::from_blob(images.labels.data(), {images.count}, torch::kUInt8)
                     .to(torch::kLong);
  return split;
}

}  // namespace ebm
