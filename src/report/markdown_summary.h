// The report as Markdown: each task's results table, links to the sample
// pictures, and the warnings, for CI logs and pull requests.
#ifndef EBMBENCH_REPORT_MARKDOWN_SUMMARY_H_
#define EBMBENCH_REPORT_MARKDOWN_SUMMARY_H_

#include <string>

#include "src/report/report_data.h"

namespace ebm {

std::string RenderMarkdownSummary(const ReportData& data, const std::string& generated_at);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_MARKDOWN_SUMMARY_H_
