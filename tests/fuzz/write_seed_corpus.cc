// Writes the seed inputs of the file-reader harnesses into the folders
// given: small valid files made by ebmbench's own writers, so each fuzzer
// starts from the format's real structure.
//   write_seed_corpus CIFAR_DIR SVHN_DIR
#include <cstdio>
#include <string>

#include "src/data/cifar_binary.h"
#include "src/data/svhn_mat.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s CIFAR_DIR SVHN_DIR\n", argv[0]);
    return 2;
  }
  const std::string cifar_dir = argv[1], svhn_dir = argv[2];
  ebm::CifarImages cifar;
  cifar.count = 2;
  cifar.pixels.assign(2 * 3072, 0);
  for (size_t i = 0; i < cifar.pixels.size(); ++i) cifar.pixels[i] = static_cast<uint8_t>(i);
  cifar.labels = {3, 9};
  ebm::WriteCifarBinary(cifar_dir + "/cifar10.bin", ebm::CifarKind::kCifar10, cifar);
  cifar.coarse_labels = {1, 19};
  cifar.labels = {42, 99};
  ebm::WriteCifarBinary(cifar_dir + "/cifar100.bin", ebm::CifarKind::kCifar100, cifar);

  ebm::SvhnImages svhn;
  svhn.count = 2;
  svhn.pixels.assign(2 * 3072, 7);
  svhn.labels = {0, 5};
  ebm::WriteSvhnMat(svhn_dir + "/svhn.mat", svhn);
  return 0;
}
