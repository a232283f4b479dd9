#include "src/report/image_grid_png.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "src/report/png_file.h"

namespace ebm {

void WriteImageGridPng(const std::vector<float>& values, int count, int height,
                       int width, int columns, const std::string& path) {
  if (count <= 0 || height <= 0 || width <= 0 || columns <= 0 ||
      values.size() != static_cast<size_t>(count) * height * width)
    throw std::invalid_argument("image grid " + path + ": " +
                                std::to_string(values.size()) + " values for " +
                                std::to_string(count) + " images of " +
                                std::to_string(height) + "x" + std::to_string(width));
  const int gap = 1;
  const int rows = (count + columns - 1) / columns;
  const int grid_width = columns * (width + gap) + gap;
  const int grid_height = rows * (height + gap) + gap;
  std::vector<uint8_t> pixels(static_cast<size_t>(grid_width) * grid_height, 64);
  for (int i = 0; i < count; ++i) {
    const int top = gap + (i / columns) * (height + gap);
    const int left = gap + (i % columns) * (width + gap);
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        float v = values[(static_cast<size_t>(i) * height + r) * width + c];
        v = std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
        pixels[static_cast<size_t>(top + r) * grid_width + left + c] =
            static_cast<uint8_t>(std::lround(v * 255));
      }
  }
  WritePngFile(path, grid_width, grid_height, 1, pixels);
}

}  // namespace ebm
