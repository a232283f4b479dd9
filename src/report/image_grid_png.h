// Image samples as one PNG picture: a grid of grayscale tiles with a
// one-pixel gap, e.g. 64 MNIST samples as 8 x 8.
#ifndef EBMBENCH_REPORT_IMAGE_GRID_PNG_H_
#define EBMBENCH_REPORT_IMAGE_GRID_PNG_H_

#include <string>
#include <vector>

namespace ebm {

// `values` holds `count` images of height x width, row-major, intensities in
// [0, 1] (clamped). Tiles fill `columns` per row. Throws std::runtime_error
// naming `path` when it cannot be written.
void WriteImageGridPng(const std::vector<float>& values, int count, int height,
                       int width, int columns, const std::string& path);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_IMAGE_GRID_PNG_H_
