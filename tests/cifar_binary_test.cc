// CIFAR-10/100 binary files: round trips through files the test writes,
// the channel-major pixel layout, and malformed files rejected by name.
#include "src/data/cifar_binary.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

namespace ebm {
namespace {

CifarImages Fake(int64_t count, bool cifar100) {
  CifarImages images;
  images.count = count;
  for (int64_t i = 0; i < count; ++i) {
    images.labels.push_back(static_cast<uint8_t>(cifar100 ? (i * 37) % 100 : i % 10));
    if (cifar100) images.coarse_labels.push_back(static_cast<uint8_t>(i % 20));
    for (int64_t p = 0; p < 3072; ++p)
      images.pixels.push_back(static_cast<uint8_t>((i * 31 + p * 7) % 256));
  }
  return images;
}

std::string ReadError(const std::string& path, CifarKind kind) {
  CifarImages images;
  try {
    ReadCifarBinary(path, kind, &images);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(CifarBinaryTest, RoundTripsBothKindsAndAppendsBatches) {
  const std::string dir = testing::TempDir();
  CifarImages ten = Fake(5, false);
  WriteCifarBinary(dir + "/data_batch_1.bin", CifarKind::kCifar10, ten);
  WriteCifarBinary(dir + "/data_batch_2.bin", CifarKind::kCifar10, Fake(3, false));
  CifarImages read;
  ReadCifarBinary(dir + "/data_batch_1.bin", CifarKind::kCifar10, &read);
  ReadCifarBinary(dir + "/data_batch_2.bin", CifarKind::kCifar10, &read);
  ASSERT_EQ(read.count, 8);
  EXPECT_EQ(std::vector<uint8_t>(read.pixels.begin(), read.pixels.begin() + 5 * 3072),
            ten.pixels);
  EXPECT_EQ(read.labels[4], 4);
  EXPECT_EQ(read.labels[5], 0);  // the second batch's first record
  EXPECT_TRUE(read.coarse_labels.empty());

  CifarImages hundred = Fake(4, true);
  WriteCifarBinary(dir + "/train.bin", CifarKind::kCifar100, hundred);
  CifarImages read100;
  ReadCifarBinary(dir + "/train.bin", CifarKind::kCifar100, &read100);
  EXPECT_EQ(read100.labels, hundred.labels);
  EXPECT_EQ(read100.coarse_labels, hundred.coarse_labels);
  EXPECT_EQ(read100.pixels, hundred.pixels);
}

TEST(CifarBinaryTest, RecordLayoutIsLabelThenRedGreenBluePlanes) {
  const std::string path = testing::TempDir() + "/layout.bin";
  std::string record(1 + 3072, '\0');
  record[0] = 7;
  record[1 + 0] = 10;            // red, row 0, column 0
  record[1 + 1024 + 33] = 20;    // green, row 1, column 1
  record[1 + 2048 + 1023] = 30;  // blue, row 31, column 31
  std::ofstream(path, std::ios::binary) << record;
  CifarImages images;
  ReadCifarBinary(path, CifarKind::kCifar10, &images);
  ASSERT_EQ(images.count, 1);
  EXPECT_EQ(images.labels[0], 7);
  EXPECT_EQ(images.pixels[0 * 1024 + 0 * 32 + 0], 10);
  EXPECT_EQ(images.pixels[1 * 1024 + 1 * 32 + 1], 20);
  EXPECT_EQ(images.pixels[2 * 1024 + 31 * 32 + 31], 30);
}

TEST(CifarBinaryTest, RejectsPartialRecordsAndLabelsOutOfRange) {
  const std::string dir = testing::TempDir();
  const std::string partial = dir + "/partial.bin";
  std::ofstream(partial, std::ios::binary) << std::string(3073 + 100, '\1');
  EXPECT_EQ(ReadError(partial, CifarKind::kCifar10),
            partial + ": 3173 bytes is not a whole number of 3073-byte CIFAR-10 records");
  // A CIFAR-100 file read as CIFAR-10 has the wrong record size.
  WriteCifarBinary(dir + "/c100.bin", CifarKind::kCifar100, Fake(2, true));
  EXPECT_NE(ReadError(dir + "/c100.bin", CifarKind::kCifar10).find("3073-byte CIFAR-10"),
            std::string::npos);
  CifarImages bad = Fake(3, false);
  bad.labels[2] = 10;
  WriteCifarBinary(dir + "/bad.bin", CifarKind::kCifar10, bad);
  EXPECT_EQ(ReadError(dir + "/bad.bin", CifarKind::kCifar10),
            dir + "/bad.bin: record 2 has label 10, outside 0..9");
  EXPECT_NE(ReadError(dir + "/none.bin", CifarKind::kCifar10).find("cannot be opened"),
            std::string::npos);
}

}  // namespace
}  // namespace ebm
