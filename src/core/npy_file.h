// NumPy's .npy array file (format version 1.0, numpy.lib.format): what runs
// save their samples in, so that `ebmbench report` draws them without
// LibTorch and `numpy.load` reads them as they are. Little-endian float32
// or float64 arrays in C order, which is all ebmbench writes.
#ifndef EBMBENCH_CORE_NPY_FILE_H_
#define EBMBENCH_CORE_NPY_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

// An array read back as float32 values, whatever its stored precision.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> values;  // C order
};

// The bytes of a .npy file holding `values` (C order) with this shape: the
// magic string, a header padded so the data starts on a 64-byte boundary,
// then the values as stored in memory ('<f4' or '<f8').
std::string EncodeNpy(const std::vector<int64_t>& shape, const float* values);
std::string EncodeNpy(const std::vector<int64_t>& shape, const double* values);

// Parses the bytes of a .npy file (versions 1.0 to 3.0). Throws
// std::runtime_error beginning with `name` and saying what is wrong: not a
// .npy file, a data type other than float32/float64, Fortran order, or a
// size that does not match the shape.
NpyArray DecodeNpy(const std::string& bytes, const std::string& name);

// Reads and decodes the file at `path` (errors name the path).
NpyArray ReadNpyFile(const std::string& path);

}  // namespace ebm

#endif  // EBMBENCH_CORE_NPY_FILE_H_
