// Task `tabular_ssl`: semi-supervised classification of tabular data, the
// VERA paper's last experiment. A JEM classifier (src/models/
// jem_classifier.h: an MLP, D-1000-500-500-250-250-250-K by default) sees
// every training example as unlabelled data (the step's batch) and
// `labels_per_class` of them per class with their labels (the step's
// labelled batch); methods: supervised, vat, pcd_jem, jem_vera.
//
// Data (src/data/tabular_datasets.h): the packaged satellite, shuttle,
// letter, digits; the paper's hepmass, human, crop from the user; or
// `mixture`, a synthetic Gaussian mixture made from the seed (for tests and
// quick checks). The split and the labelled subset are drawn from the run's
// data stream: the same for the same seed, whatever the method.
//
// Metrics after every evaluation: test_acc (primary), test_nll, test_ece on
// the test split, and val_acc, val_nll, val_ece on the validation split,
// which is for model selection only. (The official code reports validation
// accuracy as test accuracy; here each is named for what it is.)
#ifndef EBMBENCH_TASKS_TABULAR_SSL_TASK_H_
#define EBMBENCH_TASKS_TABULAR_SSL_TASK_H_

#include "src/tasks/task.h"

namespace ebm {

TaskInfo MakeTabularSslTaskInfo();

}  // namespace ebm

#endif  // EBMBENCH_TASKS_TABULAR_SSL_TASK_H_
