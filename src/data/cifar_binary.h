// The "binary version" files of CIFAR-10 and CIFAR-100 (Krizhevsky 2009,
// www.cs.toronto.edu/~kriz/cifar.html), as the user downloads them.
//
// Each file is a sequence of fixed-size records: the label byte(s), then
// 3072 pixel bytes, the 1024 red values of the 32x32 image row by row, then
// green, then blue.
//   CIFAR-10  (data_batch_1..5.bin, test_batch.bin): 1 label byte (0..9)
//   CIFAR-100 (train.bin, test.bin): coarse label (0..19), fine label (0..99)
// Reading checks that the file is a whole number of records and every label
// is in range; errors name the file and the record. No torch here.
#ifndef EBMBENCH_DATA_CIFAR_BINARY_H_
#define EBMBENCH_DATA_CIFAR_BINARY_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ebm {

enum class CifarKind { kCifar10, kCifar100 };

struct CifarImages {
  int64_t count = 0;
  std::vector<uint8_t> pixels;  // count x 3 x 32 x 32, channel-major per image
  std::vector<uint8_t> labels;  // CIFAR-10's label; CIFAR-100's fine label
  std::vector<uint8_t> coarse_labels;  // CIFAR-100 only
};

// Appends the records of `path` to `images`. Throws std::runtime_error
// naming `path` for a missing file, a partial record or a label out of range.
void ReadCifarBinary(const std::string& path, CifarKind kind, CifarImages* images);

// Writes `images` in the binary format (for tests and conversions).
void WriteCifarBinary(const std::string& path, CifarKind kind, const CifarImages& images);

}  // namespace ebm

#endif  // EBMBENCH_DATA_CIFAR_BINARY_H_
