// Image sample grids: read back with libpng, every tile's pixels are the
// values given (scaled to 0..255, clamped), in row-major tile order, with
// one-pixel gaps between tiles.
#include "src/report/image_grid_png.h"

#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <vector>

namespace ebm {
namespace {

struct Gray {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;
};

Gray ReadGrayPng(const std::string& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  EXPECT_TRUE(png_image_begin_read_from_file(&image, path.c_str())) << image.message;
  image.format = PNG_FORMAT_GRAY;
  Gray gray;
  gray.width = image.width;
  gray.height = image.height;
  gray.pixels.resize(PNG_IMAGE_SIZE(image));
  EXPECT_TRUE(png_image_finish_read(&image, nullptr, gray.pixels.data(), 0, nullptr))
      << image.message;
  return gray;
}

TEST(ImageGridPngTest, TilesHoldTheValuesInOrder) {
  const int count = 5, height = 3, width = 4, columns = 2;
  std::vector<float> values;
  for (int i = 0; i < count * height * width; ++i) values.push_back((i % 17) / 16.0f);
  values[0] = -0.5f;   // clamped to 0
  values[1] = 2.0f;    // clamped to 1
  values[2] = NAN;     // drawn black
  const std::string path = testing::TempDir() + "/grid.png";
  WriteImageGridPng(values, count, height, width, columns, path);

  Gray png = ReadGrayPng(path);
  // 2 columns and 3 rows of tiles, a 1-pixel gap around each.
  ASSERT_EQ(png.width, columns * (width + 1) + 1);
  ASSERT_EQ(png.height, 3 * (height + 1) + 1);
  auto at = [&](int row, int col) { return png.pixels[row * png.width + col]; };
  for (int i = 0; i < count; ++i) {
    const int top = 1 + (i / columns) * (height + 1), left = 1 + (i % columns) * (width + 1);
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        float v = values[(i * height + r) * width + c];
        v = std::isfinite(v) ? std::min(1.0f, std::max(0.0f, v)) : 0.0f;
        EXPECT_EQ(at(top + r, left + c), std::lround(v * 255))
            << "tile " << i << " pixel " << r << "," << c;
      }
  }
  EXPECT_EQ(at(0, 0), 64);                    // the gap colour
  EXPECT_EQ(at(1 + 2 * (height + 1), 1 + (width + 1)), 64);  // the empty sixth tile
}

TEST(ImageGridPngTest, RejectsAMismatchedBuffer) {
  EXPECT_THROW(WriteImageGridPng(std::vector<float>(10), 2, 2, 2, 2,
                                 testing::TempDir() + "/bad.png"),
               std::invalid_argument);
}

}  // namespace
}  // namespace ebm
