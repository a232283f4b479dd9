// The report as one static HTML page: tables, Vega-Lite charts and sample
// pictures, all inlined (the Vega bundles as scripts, pictures as data
// URIs), so it opens from file:// with no network. Every string from the
// database or a suite file is HTML-escaped.
#ifndef EBMBENCH_REPORT_HTML_PAGE_H_
#define EBMBENCH_REPORT_HTML_PAGE_H_

#include <map>
#include <string>

#include "src/report/report_data.h"

namespace ebm {

std::string HtmlEscape(const std::string& text);

// `scripts`: the browser bundles to inline, in order (vega, vega-lite,
// vega-embed). `images`: file name -> PNG bytes, for the samples.
std::string RenderHtmlPage(const ReportData& data,
                           const std::vector<std::string>& scripts,
                           const std::map<std::string, std::string>& images,
                           const std::string& generated_at);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_HTML_PAGE_H_
