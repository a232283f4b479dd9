// Core helpers against hand-computed values: parameter parsing, quantiles,
// seed streams.
#include <gtest/gtest.h>

#include <cmath>
#include <torch/torch.h>

#include <set>

#include "src/core/hash.h"
#include "src/core/params.h"
#include "src/core/random_streams.h"
#include "src/core/summary_stats.h"

namespace ebm {
namespace {

TEST(ParamsTest, ParsesEachTypeAndRejectsTheRest) {
  EXPECT_EQ(std::get<int64_t>(*ParseParamValue("-42", ParamType::kInt)), -42);
  EXPECT_FALSE(ParseParamValue("4.5", ParamType::kInt));
  EXPECT_FALSE(ParseParamValue("1e3", ParamType::kInt));
  EXPECT_FALSE(ParseParamValue("", ParamType::kInt));
  EXPECT_DOUBLE_EQ(std::get<double>(*ParseParamValue("3e-4", ParamType::kDouble)), 3e-4);
  EXPECT_DOUBLE_EQ(std::get<double>(*ParseParamValue("2", ParamType::kDouble)), 2.0);
  EXPECT_FALSE(ParseParamValue("nan", ParamType::kDouble));
  EXPECT_FALSE(ParseParamValue("inf", ParamType::kDouble));
  EXPECT_FALSE(ParseParamValue("0.1x", ParamType::kDouble));
  EXPECT_TRUE(std::get<bool>(*ParseParamValue("Yes", ParamType::kBool)));
  EXPECT_FALSE(std::get<bool>(*ParseParamValue("off", ParamType::kBool)));
  EXPECT_FALSE(ParseParamValue("maybe", ParamType::kBool));
  EXPECT_EQ(std::get<std::string>(*ParseParamValue("moons", ParamType::kString)), "moons");
}

TEST(ParamsTest, FormatsDoublesSoTheyRoundTrip) {
  const double value = 0.1 + 0.2;
  std::string text = FormatParamValue(value);
  EXPECT_EQ(std::get<double>(*ParseParamValue(text, ParamType::kDouble)), value);
  EXPECT_EQ(text, "0.30000000000000004");
  // ...and are as short as that allows.
  EXPECT_EQ(FormatParamValue(0.003), "0.003");
  EXPECT_EQ(FormatParamValue(1e-4), "0.0001");
  EXPECT_EQ(FormatParamValue(int64_t{7}), "7");
  EXPECT_EQ(FormatParamValue(true), "true");
}

TEST(ParamsTest, TypedGettersRefuseOtherTypes) {
  Params p = Params::Defaults({{"n", ParamType::kInt, int64_t{3}, ""},
                               {"lr", ParamType::kDouble, 0.5, ""}});
  EXPECT_EQ(p.GetInt("n"), 3);
  EXPECT_DOUBLE_EQ(p.GetDouble("n"), 3.0);  // integers widen
  EXPECT_THROW(p.GetInt("lr"), std::out_of_range);
  EXPECT_THROW(p.GetString("missing"), std::out_of_range);
}

TEST(ParamsTest, RangesIncludeOrExcludeTheirEndsAndSayWhich) {
  EXPECT_TRUE(AtLeast(1).Contains(1));
  EXPECT_FALSE(AtLeast(1).Contains(0.999));
  EXPECT_FALSE(Above(0).Contains(0));
  EXPECT_TRUE(Above(0).Contains(1e-300));
  EXPECT_TRUE(Between(0, 1).Contains(1));
  EXPECT_FALSE(AtLeast(0).Below(1).Contains(1));
  EXPECT_FALSE(ParamRange{}.Contains(std::nan("")));
  EXPECT_TRUE(ParamRange{}.Unbounded());
  EXPECT_FALSE(AtLeast(0).Unbounded());
  EXPECT_EQ(Above(0).AtMost(0.1).Text(), "greater than 0 and at most 0.1");
  EXPECT_EQ(AtLeast(0).Below(1).Text(), "at least 0 and less than 1");

  const ParamSpec steps{"steps", ParamType::kInt, int64_t{5}, "", {}, AtLeast(1)};
  EXPECT_FALSE(ParamValueError(steps, ParamValue(int64_t{1})));
  ASSERT_TRUE(ParamValueError(steps, ParamValue(int64_t{-3})));
  EXPECT_EQ(*ParamValueError(steps, ParamValue(int64_t{-3})),
            "-3 is out of range: must be at least 1");
  EXPECT_EQ(AllowedValuesText(steps), "(at least 1)");
  const ParamSpec kind{"kind", ParamType::kString, std::string("a"), "", {"a", "b"}};
  EXPECT_FALSE(ParamValueError(kind, ParamValue(std::string("b"))));
  EXPECT_EQ(*ParamValueError(kind, ParamValue(std::string("c"))), "'c' is not one of: a, b");
  EXPECT_EQ(AllowedValuesText(kind), "[a, b]");
}

TEST(SummaryStatsTest, MatchesHandComputedValues) {
  // R: quantile(c(1, 2, 4, 7, 11), c(.5, .9, .99)) = 4, 9.4, 10.84 (type 7).
  SummaryStats s = Summarize({7, 1, 11, 2, 4});
  EXPECT_EQ(s.count, 5);
  EXPECT_DOUBLE_EQ(s.total, 25);
  EXPECT_DOUBLE_EQ(s.mean, 5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(66.0 / 4));  // squares 16+9+1+4+36
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 11);
  EXPECT_DOUBLE_EQ(s.p50, 4);
  EXPECT_NEAR(s.p90, 9.4, 1e-12);
  EXPECT_NEAR(s.p99, 10.84, 1e-12);
  SummaryStats one = Summarize({3});
  EXPECT_EQ(one.stddev, 0);
  EXPECT_EQ(one.p90, 3);
  EXPECT_EQ(Summarize({}).count, 0);
}

TEST(RandomStreamsTest, StreamsAreReproducibleAndIndependent) {
  RandomStreams a(7), b(7), c(8);
  std::set<uint64_t> seeds;
  for (Stream s : {Stream::kData, Stream::kModelInit, Stream::kMethodNoise, Stream::kEval})
    for (int64_t i = -1; i < 100; ++i) seeds.insert(a.Seed(s, i));
  EXPECT_EQ(seeds.size(), 4u * 101u);  // no two (stream, index) collide
  EXPECT_EQ(a.Seed(Stream::kData, 5), b.Seed(Stream::kData, 5));
  EXPECT_NE(a.Seed(Stream::kData, 5), c.Seed(Stream::kData, 5));
  at::Generator g1 = a.Generator(Stream::kMethodNoise, 3, torch::kCPU);
  at::Generator g2 = b.Generator(Stream::kMethodNoise, 3, torch::kCPU);
  at::Generator g3 = a.Generator(Stream::kMethodNoise, 4, torch::kCPU);
  torch::Tensor x1 = torch::randn({100}, g1), x2 = torch::randn({100}, g2);
  torch::Tensor x3 = torch::randn({100}, g3);
  EXPECT_TRUE(torch::equal(x1, x2));
  EXPECT_FALSE(torch::equal(x1, x3));
}

TEST(HashTest, StableAndSensitive) {
  EXPECT_EQ(HashHex("abc"), HashHex("abc"));
  EXPECT_NE(HashHex("abc"), HashHex("abd"));
  EXPECT_EQ(HashHex("abc").size(), 32u);
  // XXH3-128 of the empty input, as published by xxHash.
  EXPECT_EQ(HashHex(""), "99aa06d3014798d86001c324468d497f");
}

}  // namespace
}  // namespace ebm
