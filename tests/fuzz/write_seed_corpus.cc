// Writes the seed inputs of the file-reader harnesses into the folders
// given: small valid files made by ebmbench's own writers, so each fuzzer
// starts from the format's real structure.
//   write_seed_corpus CIFAR_DIR SVHN_DIR
#include <matio.h>

#include <cstdio>
#include <string>
#include <vector>

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

  // The same variables zlib-compressed (miCOMPRESSED elements), as MATLAB
  // saves by default: the other path through the framing check.
  mat_t* mat = Mat_CreateVer((svhn_dir + "/svhn_compressed.mat").c_str(), nullptr, MAT_FT_MAT5);
  if (mat == nullptr) return 1;
  size_t x_dims[4] = {32, 32, 3, 2};
  size_t y_dims[2] = {2, 1};
  std::vector<double> y = {10, 5};
  matvar_t* x_var = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, x_dims,
                                  svhn.pixels.data(), MAT_F_DONT_COPY_DATA);
  matvar_t* y_var = Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, y_dims, y.data(),
                                  MAT_F_DONT_COPY_DATA);
  const bool written = x_var && y_var && Mat_VarWrite(mat, x_var, MAT_COMPRESSION_ZLIB) == 0 &&
                       Mat_VarWrite(mat, y_var, MAT_COMPRESSION_ZLIB) == 0;
  Mat_VarFree(x_var);
  Mat_VarFree(y_var);
  Mat_Close(mat);
  return written ? 0 : 1;
}
