// The .npy files runs save samples in: byte for byte what numpy.save writes
// (tests/data/npy_*.npy were written by numpy 1.24), read back at either
// precision, and clear errors for what is not such a file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "src/core/npy_file.h"

namespace ebm {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string ErrorOf(const std::string& bytes) {
  try {
    DecodeNpy(bytes, "x.npy");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(NpyFileTest, EncodesExactlyAsNumpySaves) {
  const float f4[] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f};
  EXPECT_EQ(EncodeNpy({3, 2}, f4), Slurp("tests/data/npy_float32_3x2.npy"));
  const double f8[] = {1e-3, -2.5, 3.0, 1e30, 0.1};
  EXPECT_EQ(EncodeNpy({5}, f8), Slurp("tests/data/npy_float64_5.npy"));
}

TEST(NpyFileTest, ReadsNumpysFilesAsFloat32) {
  NpyArray a = ReadNpyFile("tests/data/npy_float32_3x2.npy");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(a.values, (std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f}));
  NpyArray b = ReadNpyFile("tests/data/npy_float64_5.npy");
  EXPECT_EQ(b.shape, (std::vector<int64_t>{5}));
  EXPECT_EQ(b.values, (std::vector<float>{1e-3f, -2.5f, 3.0f, 1e30f, 0.1f}));
}

TEST(NpyFileTest, RoundTripsEveryRankAndAlignsTheData) {
  std::vector<float> values(2 * 3 * 4);
  for (size_t i = 0; i < values.size(); ++i) values[i] = std::sin(static_cast<float>(i));
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{}, {24}, {0, 2}, {6, 4}, {2, 3, 4}, {1, 2, 3, 4}}) {
    std::string bytes = EncodeNpy(shape, values.data());
    const size_t header_end = bytes.find('\n') + 1;
    EXPECT_EQ(header_end % 64, 0u) << bytes.substr(0, header_end);
    NpyArray back = DecodeNpy(bytes, "t.npy");
    EXPECT_EQ(back.shape, shape);
    int64_t count = 1;
    for (int64_t extent : shape) count *= extent;
    EXPECT_EQ(back.values, std::vector<float>(values.begin(), values.begin() + count));
  }
}

TEST(NpyFileTest, RefusesWhatItCannotReadSayingWhy) {
  const float f4[] = {1, 2, 3, 4, 5, 6};
  const std::string good = EncodeNpy({3, 2}, f4);
  EXPECT_NE(ErrorOf("PK\x03\x04 a torch archive").find("x.npy: not a .npy file"),
            std::string::npos);
  std::string ints = good;
  ints.replace(ints.find("<f4"), 3, "<i4");
  EXPECT_NE(ErrorOf(ints).find("data type '<i4' is not little-endian float32"),
            std::string::npos)
      << ErrorOf(ints);
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_NE(ErrorOf(fortran).find("Fortran order"), std::string::npos);
  EXPECT_NE(ErrorOf(good.substr(0, good.size() - 4)).find("holds 20 bytes of data, its shape "
                                                          "(3, 2) needs 24"),
            std::string::npos)
      << ErrorOf(good.substr(0, good.size() - 4));
  EXPECT_NE(ErrorOf(good.substr(0, 20)).find("truncated"), std::string::npos);
  try {
    ReadNpyFile("/nonexistent/samples.npy");
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot read /nonexistent/samples.npy");
  }
}

}  // namespace
}  // namespace ebm
