#include "src/report/density_png.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "src/report/png_file.h"

namespace ebm {
namespace {

// A few stops of the "magma" colour map, interpolated linearly.
void Colour(double t, uint8_t* rgb) {
  static const double stops[][3] = {{0, 0, 4},      {59, 15, 112},  {140, 41, 129},
                                    {222, 73, 104}, {254, 159, 109}, {252, 253, 191}};
  const int last = 5;
  double position = std::clamp(t, 0.0, 1.0) * last;
  int i = std::min(static_cast<int>(position), last - 1);
  double f = position - i;
  for (int c = 0; c < 3; ++c)
    rgb[c] = static_cast<uint8_t>(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]));
}

}  // namespace

void WriteDensityPng(const std::vector<float>& xy, double low, double high,
                     int pixels, const std::string& path) {
  std::vector<double> counts(static_cast<size_t>(pixels) * pixels, 0.0);
  for (size_t i = 0; i + 1 < xy.size(); i += 2) {
    double u = (xy[i] - low) / (high - low), v = (xy[i + 1] - low) / (high - low);
    if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) continue;
    int column = static_cast<int>(u * pixels);
    int row = pixels - 1 - static_cast<int>(v * pixels);  // y grows upwards
    counts[static_cast<size_t>(row) * pixels + column] += 1;
  }
  // Square root scaling keeps sparse regions visible beside dense modes.
  double peak = *std::max_element(counts.begin(), counts.end());
  std::vector<uint8_t> image(static_cast<size_t>(pixels) * pixels * 3);
  for (size_t p = 0; p < counts.size(); ++p)
    Colour(peak > 0 ? std::sqrt(counts[p] / peak) : 0.0, &image[p * 3]);

  WritePngFile(path, pixels, pixels, 3, image);
}

}  // namespace ebm
