#include "src/report/png_file.h"

#include <png.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace ebm {

void WritePngFile(const std::string& path, int width, int height, int channels,
                  const std::vector<uint8_t>& pixels) {
  if (channels != 1 && channels != 3)
    throw std::invalid_argument("PNG " + path + ": channels must be 1 or 3");
  if (pixels.size() != static_cast<size_t>(width) * height * channels)
    throw std::invalid_argument("PNG " + path + ": pixel buffer has the wrong size");
  std::unique_ptr<FILE, decltype(&fclose)> file(fopen(path.c_str(), "wb"), &fclose);
  if (!file) throw std::runtime_error("cannot write " + path);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng failed writing " + path);
  }
  png_init_io(png, file.get());
  png_set_IHDR(png, info, width, height, 8,
               channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int row = 0; row < height; ++row)
    png_write_row(png, const_cast<png_bytep>(&pixels[static_cast<size_t>(row) * width * channels]));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  // Buffered bytes reach the disk only now: a full disk shows here.
  if (std::fclose(file.release()) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace ebm
