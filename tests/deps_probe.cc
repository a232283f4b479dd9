// Compiles and links against every library the CMake build takes from the
// dependency prefix (not LibTorch), and calls each once: tools/gpu_check.sh
// builds and runs it to prove that tools/gpu_prepare.sh's packages are
// complete, in seconds rather than the full build's tens of minutes.
#include <benchmark/benchmark.h>
#include <gtest/gtest.h>
#include <png.h>
#include <sqlite3.h>
#include <xxhash.h>
#include <yaml-cpp/yaml.h>
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  benchmark::Initialize(&argc, argv);
  CLI::App app("deps_probe");
  const YAML::Node yaml = YAML::Load("{a: 1}");
  const nlohmann::json json = nlohmann::json::parse(R"({"b": 2})");
  const double quantile = boost::math::quantile(boost::math::students_t(4), 0.975);
  std::printf("sqlite %s, zlib %s, libpng %s, xxh64 %llx, yaml a=%d, json b=%d, t(4) %.3f\n",
              sqlite3_libversion(), zlibVersion(), png_get_libpng_ver(nullptr),
              static_cast<unsigned long long>(XXH64("ebmbench", 8, 0)), yaml["a"].as<int>(),
              json["b"].get<int>(), quantile);
  return quantile > 2.77 && quantile < 2.78 ? 0 : 1;
}
