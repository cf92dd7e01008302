// How `emote generate` and `emote batch` show a job on stderr: a progress line on a terminal, one JSON object per
// line with --json, only warnings and errors with -q. In a batch every JSON line starts with the job's number.
//
//   cli::JobReport report({.json = true}, cancel, /*job=*/3);   // job 0: a single `generate`
//   const GenerationResult r = runGeneration(context, req, report.callbacks(), cancel);
//   report.done(r);                                             // {"job":3,"stage":"done",...}
#pragma once

#include "core/common/cancel_token.h"
#include "core/common/error.h"
#include "core/jobs/job.h"

#include <string>

namespace emote::cli {

struct ReportStyle {
    bool json = false;  // one JSON object per line
    bool quiet = false; // no progress (warnings and errors still show)
};

class JobReport {
public:
    JobReport(ReportStyle style, const CancelToken& cancel, int job = 0);

    // Progress and warnings printed as they come; progress returns false once the cancel token is set. The
    // callbacks refer to this report: it must outlive the job.
    JobCallbacks callbacks();
    // The job's result: {"stage":"done","output":...,"models_loaded":N,"model_load_s":S,...} or "wrote OUT: ...".
    void done(const GenerationResult& r);
    // JSON only: {"stage":"error","exit_code":N,"message":...} plus FIELDS (already JSON: "\"source\":\"a:3\"").
    // Text output is the caller's (its words say which job).
    void failed(const Error& e, const std::string& fields = {});
    // JSON only: {"job":N,"stage":STAGE,FIELDS} (a batch's own events: start, skipped, summary).
    void event(const std::string& stage, const std::string& fields) const;
    // Ends a terminal's progress line before other text is printed.
    void endLine();

private:
    ReportStyle m_style;
    const CancelToken& m_cancel;
    int m_job;
    bool m_tty;
    bool m_line_open = false; // a progress line without its newline is on the terminal
    double m_last_print = -1.0;
};

} // namespace emote::cli
