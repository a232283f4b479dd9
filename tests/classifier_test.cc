// Classifiers as energy models: calibration metrics against hand-computed
// values, the JEM identities, the classifier terms and VAT's perturbation.
#include <gtest/gtest.h>

#include <cmath>

#include "src/core/random_streams.h"
#include "src/methods/classifier_terms.h"
#include "src/methods/vat.h"
#include "src/metrics/classification.h"
#include "src/models/jem_classifier.h"
#include "src/models/mlp_energy.h"

namespace ebm {
namespace {

TEST(ClassificationMetricsTest, ExpectedCalibrationErrorByHand) {
  // Bin (0.9, 1]: 0.95 wrong and 0.95 right -> |0.5 - 0.95| = 0.45;
  // bin (0.5, 0.6]: 0.6 and 0.55 both right -> |1 - 0.575| = 0.425.
  std::vector<ReliabilityBin> bins =
      ReliabilityBins({0.95, 0.95, 0.6, 0.55}, {false, true, true, true}, 10);
  ASSERT_EQ(bins.size(), 10u);
  EXPECT_EQ(bins[9].count, 2);
  EXPECT_EQ(bins[5].count, 2);
  EXPECT_DOUBLE_EQ(bins[5].confidence, 0.575);
  EXPECT_NEAR(ExpectedCalibrationError(bins), (2 * 0.45 + 2 * 0.425) / 4, 1e-12);
  // Perfectly calibrated: confidence 0.75 right three times in four.
  EXPECT_NEAR(ExpectedCalibrationError(
                  ReliabilityBins({0.75, 0.75, 0.75, 0.75}, {true, true, true, false}, 15)),
              0.0, 1e-12);
}

TEST(ClassificationMetricsTest, AccuracyAndNllFromLogits) {
  torch::Tensor logits = torch::tensor({{2.0, 0.0}, {0.0, 1.0}, {3.0, 3.0}}, torch::kDouble);
  torch::Tensor labels = torch::tensor({0, 0, 1}, torch::kLong);
  ClassificationMetrics m = EvaluateClassifier(logits, labels);
  // Argmax ties go to the first class: predictions 0, 1, 0.
  EXPECT_NEAR(m.accuracy, 1.0 / 3, 1e-12);
  const double nll = (std::log1p(std::exp(-2.0)) + std::log1p(std::exp(1.0)) + std::log(2.0)) / 3;
  EXPECT_NEAR(m.nll, nll, 1e-12);
}

TEST(JemClassifierTest, LogDensityIsLogSumExpAndSoftmaxIsTheClassifiers) {
  torch::manual_seed(0);
  auto jem = MakeJemMlpClassifier({5, 16, 16, 3}, 1.0);
  JemClassifier& model = *jem;
  torch::Tensor x = torch::randn({7, 5});
  torch::Tensor logits = model.Logits(x);
  ASSERT_EQ(logits.sizes(), (std::vector<int64_t>{7, 3}));
  torch::Tensor f = model.LogDensity(x);
  // f(x) = log sum_y exp h_y(x) by hand, and p(y|x) = exp(h_y(x) - f(x)).
  EXPECT_TRUE(torch::allclose(f, logits.exp().sum(1).log(), 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(torch::softmax(logits, 1), (logits - f.unsqueeze(1)).exp(),
                              1e-5, 1e-6));
  at::Generator g = MakeGenerator(1, torch::kCPU);
  torch::Tensor start = model.InitialSamples(1000, g);
  EXPECT_LE(start.abs().max().item<double>(), 1.0);
  EXPECT_GT(start.abs().max().item<double>(), 0.95);
}

TEST(ClassifierTermsTest, WeightedCrossEntropyPlusEntropyByHand) {
  torch::manual_seed(1);
  auto jem = MakeJemMlpClassifier({4, 8, 3}, 1.0);
  JemClassifier& model = *jem;
  Batch batch(torch::randn({6, 4}), torch::randn({5, 4}), torch::tensor({0, 1, 2, 1, 0}));
  Scalars scalars;
  torch::Tensor terms = ClassifierTerms(model, batch, {2.0, 0.5}, scalars);
  torch::Tensor log_p_l = torch::log_softmax(model.Logits(batch.labeled_x), 1);
  const double ce = -log_p_l.gather(1, batch.labels.unsqueeze(1)).mean().item<double>();
  torch::Tensor log_p_u = torch::log_softmax(model.Logits(batch.x), 1);
  const double entropy = -(log_p_u.exp() * log_p_u).sum(1).mean().item<double>();
  EXPECT_NEAR(terms.item<double>(), 2.0 * ce + 0.5 * entropy, 1e-5);
  ASSERT_EQ(scalars.size(), 3u);
  EXPECT_EQ(scalars[0].first, "ce_labeled");
  // The density's forward pass, shared, gives the same f and the same terms.
  torch::Tensor logits;
  torch::Tensor f = LogDensityKeepingLogits(model, batch.x, &logits);
  EXPECT_TRUE(torch::allclose(f, model.LogDensity(batch.x)));
  EXPECT_NEAR(ClassifierTerms(model, batch, {2.0, 0.5}, scalars, logits).item<double>(),
              terms.item<double>(), 1e-6);
  // Terms need a classifier and labels, and say so.
  Batch unlabeled(torch::randn({6, 4}));
  EXPECT_THROW(ClassifierTerms(model, unlabeled, {1.0, 0.0}, scalars), c10::Error);
  MlpEnergyModel energy({4, 8, 1}, "leaky_relu", 1.0);
  EXPECT_THROW(ClassifierTerms(energy, batch, {1.0, 0.0}, scalars), c10::Error);
}

TEST(VatTest, AdversarialPerturbationMovesPredictionsMoreThanARandomOne) {
  torch::manual_seed(2);
  auto jem = MakeJemMlpClassifier({6, 32, 32, 3}, 1.0);
  JemClassifier& model = *jem;
  torch::Tensor x = torch::randn({256, 6});
  at::Generator g = MakeGenerator(3, torch::kCPU);
  VatSettings settings;
  settings.xi = 1.0;  // small enough to be local, large enough for float32
  settings.eps = 0.5;
  settings.power_iterations = 2;
  torch::Tensor r_adv = VatPerturbation(model, x, settings, g);
  EXPECT_TRUE(torch::allclose(r_adv.norm(2, 1), torch::full({256}, 0.5), 1e-4, 1e-4));
  torch::Tensor r_random = torch::randn({256, 6}, g);
  r_random = 0.5 * r_random / r_random.norm(2, 1, true);
  const double adversarial = PredictionShiftKl(model, x, r_adv).item<double>();
  const double random = PredictionShiftKl(model, x, r_random).item<double>();
  EXPECT_GT(adversarial, 2 * random) << adversarial << " vs " << random;
  EXPECT_NEAR(PredictionShiftKl(model, x, torch::zeros_like(x)).item<double>(), 0.0, 1e-7);
  // The paper's settings (xi = 10, eps = 3, one iteration) still beat chance.
  torch::Tensor r_paper = VatPerturbation(model, x, VatSettings{}, g);
  torch::Tensor r_random3 = 6.0 * r_random;
  EXPECT_GT(PredictionShiftKl(model, x, r_paper).item<double>(),
            PredictionShiftKl(model, x, r_random3).item<double>());
}

}  // namespace
}  // namespace ebm
