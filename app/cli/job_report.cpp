#include "app/cli/job_report.h"

#include "app/cli/cli_args.h"

#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace emote::cli {

namespace {

std::string hexPayload(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

} // namespace

JobReport::JobReport(ReportStyle style, const CancelToken& cancel, int job)
    : m_style(style), m_cancel(cancel), m_job(job), m_tty(isatty(STDERR_FILENO) != 0)
{
}

void JobReport::event(const std::string& stage, const std::string& fields) const
{
    if (!m_style.json)
        return;
    std::string line = "{";
    if (m_job > 0)
        line += "\"job\":" + std::to_string(m_job) + ",";
    line += "\"stage\":" + jsonString(stage);
    if (!fields.empty())
        line += "," + fields;
    line += "}\n";
    std::fputs(line.c_str(), stderr);
}

void JobReport::endLine()
{
    if (m_line_open)
        std::fputc('\n', stderr);
    m_line_open = false;
}

JobCallbacks JobReport::callbacks()
{
    JobCallbacks cb;
    cb.warning = [this](const Message& message) {
        if (m_style.json) {
            event("warning", "\"message\":" + jsonString(message.text));
            return;
        }
        endLine(); // shown even with -q: it says the result is not what was asked for
        std::fprintf(stderr, "warning: %s\n", message.text.c_str());
    };
    cb.progress = [this](const Progress& p) {
        if (m_style.json) {
            event(stageId(p.stage), "\"frame\":" + std::to_string(p.frame) + ",\"total\":" + std::to_string(p.total) +
                                        ",\"fps\":" + num(p.fps) + ",\"eta_s\":" + (p.eta_s >= 0 ? num(p.eta_s) : "null"));
        } else if (!m_style.quiet && m_tty && p.total > 0) {
            const double frac = double(p.frame) / double(p.total);
            if (frac - m_last_print >= 0.01 || p.frame == p.total || frac < m_last_print) {
                m_last_print = frac;
                m_line_open = true;
                std::fprintf(stderr, "\r%-9s %6" PRId64 "/%" PRId64 " %s %5.0f%%  %6.1f fps  ETA %5.1f s ",
                             stageId(p.stage), p.frame, p.total, p.stage == Stage::Diffuse ? "steps " : "frames",
                             frac * 100.0, p.fps, std::max(0.0, p.eta_s));
            }
        }
        return !m_cancel.cancelled();
    };
    return cb;
}

void JobReport::done(const GenerationResult& r)
{
    if (m_style.json) {
        event("done", "\"output\":" + jsonString(r.output.string()) + ",\"engine\":" + jsonString(r.engine) +
                          ",\"frames\":" + std::to_string(r.frames) + ",\"width\":" + std::to_string(r.width) +
                          ",\"height\":" + std::to_string(r.height) + ",\"duration_s\":" + num(r.audio_duration_s) +
                          ",\"elapsed_s\":" + num(r.elapsed_s) + ",\"models_loaded\":" +
                          std::to_string(r.models_loaded) + ",\"model_load_s\":" + num(r.model_load_s) +
                          ",\"watermark\":" + (r.watermarked ? jsonString(hexPayload(r.watermark_payload)) : "null"));
        return;
    }
    endLine();
    if (!m_style.quiet)
        std::fprintf(stderr, "wrote %s: %dx%d, %" PRId64 " frames, %.2f s, %s engine, in %.1f s (models: %s)\n",
                     r.output.c_str(), r.width, r.height, r.frames, r.audio_duration_s, r.engine.c_str(), r.elapsed_s,
                     r.models_loaded > 0 ? ("loaded in " + num(r.model_load_s, 2) + " s").c_str() : "already loaded");
}

void JobReport::failed(const Error& e, const std::string& fields)
{
    endLine();
    event("error", "\"exit_code\":" + std::to_string(e.exitCode()) + ",\"message\":" +
                       jsonString(e.kind() == ErrorKind::Cancelled ? "cancelled" : e.what()) +
                       (fields.empty() ? "" : "," + fields));
}

} // namespace emote::cli
