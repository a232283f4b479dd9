#include "src/data/svhn_mat.h"

#ifdef EBMBENCH_WITHOUT_MATIO
// A build without matio (CMake -DEBM_WITH_MATIO=OFF, as on GPU hosts that
// lack HDF5): SVHN cannot be read, and says so.
#include <stdexcept>

namespace ebm {

SvhnImages ReadSvhnMat(const std::string& path) {
  throw std::runtime_error(path + ": this ebmbench was built without matio "
                           "(-DEBM_WITH_MATIO=OFF) and cannot read SVHN's .mat files");
}

void WriteSvhnMat(const std::string& path, const SvhnImages&) { ReadSvhnMat(path); }

}  // namespace ebm

#else
#include <matio.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "src/data/mat5_framing.h"

namespace ebm {
namespace {

constexpr int64_t kSide = 32, kChannels = 3, kPixels = kSide * kSide * kChannels;
// Deflate expands at most 1032:1, so no variable of a MAT file holds more
// than this many bytes per byte of the file: a header that claims more is
// corrupt, and is refused before matio allocates what it claims.
constexpr uintmax_t kMaxExpansion = 1032;

struct MatCloser {
  void operator()(mat_t* mat) const { Mat_Close(mat); }
};
struct VarFreer {
  void operator()(matvar_t* var) const { Mat_VarFree(var); }
};
using MatFile = std::unique_ptr<mat_t, MatCloser>;
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

std::runtime_error Error(const std::string& path, const std::string& what) {
  return std::runtime_error("SVHN file " + path + ": " + what);
}

// The number of elements a variable's header claims, or 0 on overflow.
uintmax_t Elements(const matvar_t* var) {
  uintmax_t count = 1;
  for (int d = 0; d < var->rank; ++d) {
    if (var->dims[d] != 0 && count > UINTMAX_MAX / var->dims[d]) return 0;
    count *= var->dims[d];
  }
  return count;
}

// Label i of y as a number, whatever numeric class the file stores.
double LabelAt(const matvar_t* y, size_t i) {
  switch (y->class_type) {
    case MAT_C_DOUBLE: return static_cast<const double*>(y->data)[i];
    case MAT_C_SINGLE: return static_cast<const float*>(y->data)[i];
    case MAT_C_UINT8: return static_cast<const uint8_t*>(y->data)[i];
    case MAT_C_INT32: return static_cast<const int32_t*>(y->data)[i];
    default: return NAN;
  }
}

}  // namespace

SvhnImages ReadSvhnMat(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw Error(path, "missing or not a file");
  // matio trusts the sizes a file declares: the framing is checked first.
  CheckMat5Framing(path);
  MatFile mat(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!mat) throw Error(path, "missing or not a MAT file");
  // Headers first: shapes and sizes are checked before any data is read.
  MatVar x_info(Mat_VarReadInfo(mat.get(), "X"));
  MatVar y_info(Mat_VarReadInfo(mat.get(), "y"));
  if (!x_info || !y_info) throw Error(path, "expected variables X and y");
  if (x_info->class_type != MAT_C_UINT8 || x_info->rank != 4 || x_info->dims[0] != kSide ||
      x_info->dims[1] != kSide || x_info->dims[2] != kChannels) {
    throw Error(path, "X must be uint8 of size 32 x 32 x 3 x N");
  }
  const uintmax_t n = x_info->dims[3];
  std::error_code error;
  const uintmax_t file_bytes = std::filesystem::file_size(path, error);
  if (error || n > kMaxExpansion * file_bytes / kPixels) {
    throw Error(path, "X claims " + std::to_string(n) + " images, more than a file of " +
                          std::to_string(file_bytes) + " bytes can hold (truncated or corrupt)");
  }
  if (Elements(y_info.get()) != n) {
    throw Error(path, "y has " + std::to_string(Elements(y_info.get())) + " labels for " +
                          std::to_string(n) + " images");
  }
  MatVar x(Mat_VarRead(mat.get(), "X"));
  MatVar y(Mat_VarRead(mat.get(), "y"));
  // A complex variable's data is a pair of pointers, not the numbers.
  if (!x || !y || x->isComplex || y->isComplex || x->data == nullptr || y->data == nullptr ||
      x->nbytes != n * static_cast<uintmax_t>(kPixels) || y->data_size == 0 ||
      y->nbytes / y->data_size != n) {
    throw Error(path, "X or y could not be read whole (truncated or corrupt)");
  }
  SvhnImages images;
  images.count = static_cast<int64_t>(n);
  images.pixels.resize(n * kPixels);
  images.labels.resize(n);
  const uint8_t* source = static_cast<const uint8_t*>(x->data);
  // Column-major X(row, col, channel, image) to channel-major rows.
  for (int64_t i = 0; i < images.count; ++i) {
    for (int64_t c = 0; c < kChannels; ++c) {
      for (int64_t col = 0; col < kSide; ++col) {
        for (int64_t row = 0; row < kSide; ++row) {
          images.pixels[i * kPixels + c * kSide * kSide + row * kSide + col] =
              source[row + kSide * (col + kSide * (c + kChannels * i))];
        }
      }
    }
    const double label = LabelAt(y.get(), i);
    if (!(label >= 1 && label <= 10) || label != std::floor(label)) {
      throw Error(path, "label " + std::to_string(label) + " of image " +
                            std::to_string(i + 1) + " is outside 1..10");
    }
    images.labels[i] = static_cast<uint8_t>(static_cast<int>(label) % 10);
  }
  return images;
}

void WriteSvhnMat(const std::string& path, const SvhnImages& images) {
  const int64_t n = images.count;
  std::vector<uint8_t> x(n * kPixels);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t c = 0; c < kChannels; ++c)
      for (int64_t col = 0; col < kSide; ++col)
        for (int64_t row = 0; row < kSide; ++row)
          x[row + kSide * (col + kSide * (c + kChannels * i))] =
              images.pixels[i * kPixels + c * kSide * kSide + row * kSide + col];
  std::vector<double> y(n);
  for (int64_t i = 0; i < n; ++i) y[i] = images.labels[i] == 0 ? 10 : images.labels[i];

  MatFile mat(Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5));
  if (!mat) throw Error(path, "cannot create");
  size_t x_dims[4] = {kSide, kSide, kChannels, static_cast<size_t>(n)};
  size_t y_dims[2] = {static_cast<size_t>(n), 1};
  MatVar x_var(Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, x_dims, x.data(), 0));
  MatVar y_var(Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, y_dims, y.data(), 0));
  if (!x_var || !y_var || Mat_VarWrite(mat.get(), x_var.get(), MAT_COMPRESSION_NONE) != 0 ||
      Mat_VarWrite(mat.get(), y_var.get(), MAT_COMPRESSION_NONE) != 0) {
    throw Error(path, "cannot write");
  }
}

}  // namespace ebm

#endif  // EBMBENCH_WITHOUT_MATIO
