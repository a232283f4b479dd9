// Tabular data: the paper's feature filter and standardization on hand-made
// tables, reproducible splits and labelled subsets, and the readers of
// every data set's published format on small files this test writes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "src/core/random_streams.h"
#include "src/data/datasets.h"
#include "src/data/tabular_datasets.h"
#include "src/data/tabular_preprocessing.h"

namespace ebm {
namespace {

namespace fs = std::filesystem;

// The torch-free list the suite files are checked against
// (src/data/data_choices.h) names only data sets the loader knows.
TEST(TabularDatasetsTest, EveryListedNameHasASource) {
  for (const std::string& name : TabularDatasetNames()) EXPECT_TRUE(IsTabularDataset(name)) << name;
  EXPECT_FALSE(IsTabularDataset("mixture"));
}

TEST(TabularPreprocessingTest, DropsFeaturesWhoseMinimumRepeatsMoreThanFiveTimes) {
  // Column 0: minimum 0 six times (dropped); column 1: minimum -1 once;
  // column 2: minimum 2 exactly five times (kept); column 3: constant (dropped).
  torch::Tensor x = torch::tensor({{0., -1., 2., 7.}, {0., 3., 2., 7.}, {0., 4., 2., 7.},
                                   {0., 5., 2., 7.}, {0., 6., 2., 7.}, {0., 7., 3., 7.},
                                   {1., 8., 4., 7.}},
                                  torch::kDouble);
  EXPECT_EQ(FeaturesWithRareMinimum(x, 5), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(FeaturesWithRareMinimum(x, 6), (std::vector<int64_t>{0, 1, 2}));
}

TEST(TabularPreprocessingTest, StandardizesWithTrainingStatistics) {
  torch::Tensor train = torch::tensor({{1., 10.}, {3., 10.}}, torch::kDouble);
  Standardizer s = FitStandardizer(train);
  // Column 0: mean 2, population std 1; column 1 is constant: only centred.
  EXPECT_TRUE(torch::allclose(s.Apply(train), torch::tensor({{-1., 0.}, {1., 0.}},
                                                            torch::kDouble)));
  EXPECT_TRUE(torch::allclose(s.Apply(torch::tensor({{5., 12.}}, torch::kDouble)),
                              torch::tensor({{3., 2.}}, torch::kDouble)));
}

TEST(TabularPreprocessingTest, StratifiedSplitIsAPartitionInProportionAndReproducible) {
  // Class 0: 100 examples, class 1: 10, class 2: 1.
  std::vector<int64_t> labels(100, 0);
  labels.insert(labels.end(), 10, 1);
  labels.push_back(2);
  torch::Tensor y = torch::tensor(labels, torch::kLong);
  at::Generator g1 = MakeGenerator(7, torch::kCPU), g2 = MakeGenerator(7, torch::kCPU);
  SplitIndices a = StratifiedSplit(y, 3, 0.1, 0.2, g1);
  SplitIndices b = StratifiedSplit(y, 3, 0.1, 0.2, g2);
  EXPECT_TRUE(torch::equal(a.train, b.train) && torch::equal(a.test, b.test));
  torch::Tensor all = std::get<0>(torch::sort(torch::cat({a.train, a.validation, a.test})));
  EXPECT_TRUE(torch::equal(all, torch::arange(111, torch::kLong)));
  auto count = [&](const torch::Tensor& idx, int64_t c) {
    return (y.index_select(0, idx) == c).sum().item<int64_t>();
  };
  EXPECT_EQ(count(a.test, 0), 20);
  EXPECT_EQ(count(a.validation, 0), 10);
  EXPECT_EQ(count(a.test, 1), 2);
  EXPECT_EQ(count(a.validation, 1), 1);
  EXPECT_EQ(count(a.train, 2), 1);  // a lone example stays in train
}

TEST(TabularPreprocessingTest, LabelledSubsetHasExactlyLabelsPerClassAndFollowsTheSeed) {
  torch::Tensor y = torch::arange(300, torch::kLong).remainder(3);
  y.index_put_({torch::arange(0, 300, 3, torch::kLong).slice(0, 0, 95)}, 1);  // class 0: 5 left
  auto choose = [&](uint64_t seed) {
    at::Generator g = MakeGenerator(seed, torch::kCPU);
    return ChooseLabeled(y, 3, 10, g);
  };
  torch::Tensor chosen = choose(1);
  torch::Tensor chosen_labels = y.index_select(0, chosen);
  EXPECT_EQ((chosen_labels == 0).sum().item<int64_t>(), 5);  // all it has
  EXPECT_EQ((chosen_labels == 1).sum().item<int64_t>(), 10);
  EXPECT_EQ((chosen_labels == 2).sum().item<int64_t>(), 10);
  EXPECT_EQ(std::get<0>(at::_unique(chosen)).size(0), chosen.size(0));  // no repeats
  EXPECT_TRUE(torch::equal(chosen, choose(1)));
  EXPECT_FALSE(torch::equal(chosen, choose(2)));
}

// Writes the paper's data sets, and a packaged one, in their published
// formats under a data root of its own.
class TabularDatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = testing::TempDir() + "/tabular-data";
    fs::remove_all(root_);
    setenv("EBMBENCH_DATA", root_.c_str(), 1);
  }
  void TearDown() override { unsetenv("EBMBENCH_DATA"); }

  void Write(const std::string& relative, const std::string& text) {
    const fs::path path = fs::path(root_) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  // n rows: `label` then features, the second feature stuck at its minimum
  // 0 for every row (the filter drops it), the last one the mass column.
  std::string Hepmass(int n, int offset) {
    std::string text = "# label, f0, f1, f2, mass\n";
    for (int i = 0; i < n; ++i)
      text += std::to_string(i % 2) + ".0," + std::to_string(0.5 * (i + offset)) + ",0," +
              std::to_string((i * 7 + offset) % 13 + 0.001 * i) + ",1000\n";
    return text;
  }

  std::string Load(const std::string& name, TabularData* data) {
    try {
      at::Generator g = MakeGenerator(3, torch::kCPU);
      *data = LoadTabularDataset(name, g);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  }

  std::string root_;
};

TEST_F(TabularDatasetTest, ReadsHepmassDropsMassAndRepeatedMinimumFeature) {
  Write("hepmass/1000_train.csv", Hepmass(200, 0));
  Write("hepmass/1000_test.csv", Hepmass(40, 3));
  EXPECT_EQ(DatasetProblem("hepmass"), "");
  TabularData data;
  ASSERT_EQ(Load("hepmass", &data), "");
  EXPECT_EQ(data.raw_features, 3);     // mass dropped
  EXPECT_EQ(data.train.x.size(1), 2);  // f1 dropped by the filter
  EXPECT_EQ(data.test.x.size(0), 40);  // its own test file
  EXPECT_EQ(data.train.x.size(0) + data.validation.x.size(0), 200);
  EXPECT_EQ(data.validation.x.size(0), 20);
  // Standardized with training statistics: mean 0 and std 1 on train only.
  EXPECT_LT(data.train.x.mean(0).abs().max().item<double>(), 1e-5);
  EXPECT_NEAR(data.train.x.std(0, false).mean().item<double>(), 1.0, 1e-5);
  EXPECT_GT(data.test.x.mean(0).abs().max().item<double>(), 1e-3);
  EXPECT_EQ(data.num_classes, 2);
}

TEST_F(TabularDatasetTest, ReadsHumanAndCropInTheirPublishedLayouts) {
  std::string x, y;
  for (int i = 0; i < 60; ++i) {
    x += " " + std::to_string(0.01 * i) + "  " + std::to_string(-0.02 * i * (i % 5)) +
         " -1.0000000e+00\n";
    y += std::to_string(1 + i % 6) + "\n";
  }
  for (const std::string split : {"train", "test"}) {
    Write("human/" + split + "/X_" + split + ".txt", x);
    Write("human/" + split + "/y_" + split + ".txt", y);
  }
  TabularData human;
  ASSERT_EQ(Load("human", &human), "");
  EXPECT_EQ(human.num_classes, 6);
  EXPECT_EQ(human.raw_features, 3);
  EXPECT_EQ(human.train.x.size(1), 2);  // the constant -1 column is dropped
  EXPECT_EQ(human.test.y.max().item<int64_t>(), 5);  // labels 1..6 -> 0..5

  std::string crop = "label,f1,f2\n";
  for (int i = 0; i < 70; ++i)
    crop += std::to_string(1 + i % 7) + "," + std::to_string(i * 0.3) + "," +
            std::to_string((i * 11) % 17) + "\n";
  Write("crop/WinnipegDataset.txt", crop);
  TabularData data;
  ASSERT_EQ(Load("crop", &data), "");
  EXPECT_EQ(data.num_classes, 7);
  EXPECT_EQ(data.test.x.size(0), 7);  // 10% of each class
  EXPECT_EQ(data.validation.x.size(0), 7);
  EXPECT_EQ(data.train.x.size(0), 56);
}

TEST_F(TabularDatasetTest, ReadsPackagedCsvAndSplitsBySeed) {
  std::string text = "x.1,x.2,label\n";
  for (int i = 0; i < 100; ++i)
    text += std::to_string(i) + "," + std::to_string(i % 9) + "," + std::to_string(i % 6) + "\n";
  Write("satellite/satellite.csv", text);
  TabularData a, b;
  ASSERT_EQ(Load("satellite", &a), "");
  ASSERT_EQ(Load("satellite", &b), "");
  EXPECT_TRUE(torch::equal(a.test.x, b.test.x));
  EXPECT_EQ(a.train.x.size(1), 2);  // integer features: no filter
  EXPECT_EQ(a.train.x.size(0) + a.validation.x.size(0) + a.test.x.size(0), 100);
}

TEST_F(TabularDatasetTest, MalformedFilesAreNamedWithTheLine) {
  Write("satellite/satellite.csv", "x.1,label\n1,0\n2,6\n");
  TabularData data;
  const std::string error = Load("satellite", &data);
  EXPECT_NE(error.find("satellite.csv:3: label 6"), std::string::npos) << error;
  Write("crop/WinnipegDataset.txt", "label,f1\n1,0.5\n2,0.5,7\n");
  EXPECT_NE(Load("crop", &data).find("WinnipegDataset.txt:3: expected 2 fields, found 3"),
            std::string::npos);
  Write("human/train/X_train.txt", "1 2\n3 4\n");
  Write("human/train/y_train.txt", "1\n");
  Write("human/test/X_test.txt", "1 2\n");
  Write("human/test/y_test.txt", "1\n");
  EXPECT_NE(Load("human", &data).find("y_train.txt: expected one label per row"),
            std::string::npos);
  Write("hepmass/1000_train.csv", "# label, f0, mass\n0.5,1,1000\n");
  Write("hepmass/1000_test.csv", "# label, f0, mass\n1,1,1000\n");
  EXPECT_NE(Load("hepmass", &data).find("1000_train.csv:2: label 0.5"), std::string::npos);
}

TEST_F(TabularDatasetTest, MissingDataSaysWhereItIsPublishedAndWhereToPutIt) {
  const std::string hepmass = MissingDatasetMessage("hepmass");
  EXPECT_NE(hepmass.find(root_ + "/hepmass/1000_train.csv is missing"), std::string::npos);
  EXPECT_NE(hepmass.find("archive.ics.uci.edu/ml/datasets/HEPMASS"), std::string::npos);
  EXPECT_NE(MissingDatasetMessage("human").find("Human+Activity+Recognition"),
            std::string::npos);
  EXPECT_NE(MissingDatasetMessage("crop").find(root_ + "/crop/WinnipegDataset.txt"),
            std::string::npos);
  const std::string letter = DatasetProblem("letter");
  EXPECT_NE(letter.find("tools/fetch_data.sh letter"), std::string::npos) << letter;
  EXPECT_NE(letter.find("r-cran-mlbench"), std::string::npos);
  TabularData data;
  EXPECT_EQ(Load("letter", &data), letter);
}

}  // namespace
}  // namespace ebm
