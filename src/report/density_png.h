// 2-D samples as a PNG picture: a histogram on a square box, drawn with a
// perceptual colour map (dark = empty, bright = dense). Written with libpng.
#ifndef EBMBENCH_REPORT_DENSITY_PNG_H_
#define EBMBENCH_REPORT_DENSITY_PNG_H_

#include <string>
#include <vector>

namespace ebm {

// `xy` holds x0, y0, x1, y1, ...; points outside [low, high]^2 are dropped.
// Throws std::runtime_error naming `path` when it cannot be written.
void WriteDensityPng(const std::vector<float>& xy, double low, double high,
                     int pixels, const std::string& path);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_DENSITY_PNG_H_
