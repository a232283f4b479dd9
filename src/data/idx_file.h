// IDX files (the format MNIST and Fashion-MNIST ship in), plain or gzipped.
//
// Layout: two zero bytes, a type byte (0x08 = unsigned byte, the only type
// these data sets use), the number of dimensions, then each dimension as a
// big-endian uint32, then the values in row-major order. Reading checks the
// magic, the type, the dimensions and that the file holds exactly the
// values the header promises; every error names the file and what is wrong.
// zlib reads both forms: a file that is not gzipped is read as it is.
#ifndef EBMBENCH_DATA_IDX_FILE_H_
#define EBMBENCH_DATA_IDX_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> values;  // row-major, prod(dims) of them
};

// Throws std::runtime_error naming `path` when the file is missing,
// unreadable, not IDX, of another element type, or truncated/overlong.
IdxArray ReadIdxFile(const std::string& path);

// Writes `array` as IDX, gzipped when `gzip` (for tests and conversions).
void WriteIdxFile(const std::string& path, const IdxArray& array, bool gzip);

}  // namespace ebm

#endif  // EBMBENCH_DATA_IDX_FILE_H_
