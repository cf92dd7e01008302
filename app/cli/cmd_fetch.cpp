#include "app/cli/cmd_fetch.h"

#include "app/cli/cli_args.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/fetch/model_fetch.h"

#include <QCoreApplication>

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

namespace emote::cli {

const char* const kFetchUsage = R"(  emote fetch hallo [-o PACKAGE] [--yes] [--overwrite] [--json] [-q] [--base-url URL] [--manifest FILE]

fetch: downloads a model's released weights and makes a model package of them (the only command that uses the
network, and only when run). hallo = Hallo (Fudan University, MIT) with the sd-vae-ft-mse VAE and
wav2vec2-base-960h it uses, from huggingface.co: 5 files, 5.6 GB, each checked against its pinned SHA-256, then
imported as by emote import-hallo. The size is shown and asked about before anything is downloaded.
  -o, --output PACKAGE     the package folder (default: the app's models folder,
                           ~/.local/share/Emote/Emote Studio/models/hallo)
  -y, --yes                download without asking
      --overwrite          replace PACKAGE if it exists
      --json               the plan and progress as one JSON object per line on stderr (needs --yes)
  -q, --quiet              no progress output
      --base-url URL       take the files from a mirror (also $EMOTE_FETCH_BASE_URL)
      --manifest FILE      another release manifest with its own pins (also $EMOTE_FETCH_MANIFEST)
  An interrupted or failed download resumes from PACKAGE.download/ when the same command runs again.
)";

namespace {

std::string duration(double s)
{
    char b[32];
    if (s < 90)
        std::snprintf(b, sizeof b, "%.0f s", s);
    else if (s < 5400)
        std::snprintf(b, sizeof b, "%.0f min", s / 60);
    else
        std::snprintf(b, sizeof b, "%.1f h", s / 3600);
    return b;
}

const char* stageName(fetch::FetchEvent::Stage s)
{
    switch (s) {
    case fetch::FetchEvent::Stage::Download: return "download";
    case fetch::FetchEvent::Stage::Verify: return "verify";
    case fetch::FetchEvent::Stage::Import: return "import";
    case fetch::FetchEvent::Stage::Done: return "done";
    }
    return "?";
}

} // namespace

int cmdFetch(const std::vector<std::string>& argv, CancelToken& cancel)
{
    const Args args(argv, {{"output", 'o'},
                           {"yes", 'y', false},
                           {"overwrite", 0, false},
                           {"json", 0, false},
                           {"quiet", 'q', false},
                           {"base-url"},
                           {"manifest"}});
    if (args.positional().size() != 1 || args.positional()[0] != "hallo")
        throwUsage("fetch needs the model to get: emote fetch hallo.\n" + std::string(kFetchUsage));
    const bool json = args.has("json");
    const bool quiet = args.has("quiet");
    const bool tty = isatty(STDERR_FILENO);

    // Qt Network runs its event loop in this thread; the CLI has no other use for an application object.
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance()) {
        static int qt_argc = 1;
        static char qt_name[] = "emote";
        static char* qt_argv[] = {qt_name, nullptr};
        app = std::make_unique<QCoreApplication>(qt_argc, qt_argv);
    }

    fetch::ModelFetchParams p = fetch::halloFetchParams(args.get("manifest", ""), args.get("base-url", ""));
    if (args.has("output"))
        p.package = *args.get("output");
    p.overwrite = args.has("overwrite");
    if (std::filesystem::exists(p.package) && !p.overwrite)
        throwOutput(quoted(p.package) + " already exists. Choose another folder (-o), or replace it (--overwrite).");

    const fetch::FetchPlan plan = fetch::planModelFetch(p);
    const std::int64_t left = plan.download_bytes - plan.present_bytes;
    const std::string source = p.base_url.empty() ? p.release.base_url : p.base_url;
    if (json)
        std::fprintf(stderr,
                     "{\"stage\":\"plan\",\"release\":%s,\"files\":%d,\"download_bytes\":%lld,\"present_bytes\":%lld,"
                     "\"package_bytes\":%lld,\"needed_bytes\":%lld,\"free_bytes\":%lld,\"package\":%s,\"from\":%s}\n",
                     jsonString(p.release.id).c_str(), plan.files, (long long)plan.download_bytes,
                     (long long)plan.present_bytes, (long long)plan.package_bytes, (long long)plan.needed_bytes,
                     (long long)plan.free_bytes, jsonString(p.package.string()).c_str(), jsonString(source).c_str());
    else if (!quiet || !args.has("yes"))
        std::fprintf(stderr, "%s\n  %d files, %s to download from %s%s,\n  then a model package of about %s in %s.\n"
                             "  Needs %s free there; %s free.\n",
                     p.release.title.c_str(), plan.files, humanBytes(double(left)).c_str(), source.c_str(),
                     plan.present_bytes > 0
                         ? (" (" + humanBytes(double(plan.present_bytes)) + " already here from an earlier run)").c_str()
                         : "",
                     humanBytes(double(plan.package_bytes)).c_str(), quoted(p.package).c_str(),
                     humanBytes(double(plan.needed_bytes)).c_str(),
                     plan.free_bytes < 0 ? "unknown" : humanBytes(double(plan.free_bytes)).c_str());
    if (!plan.enough_space())
        throwOutput("not enough space: " + humanBytes(double(plan.needed_bytes)) + " needed on the disk holding " +
                    quoted(p.package.parent_path()) + ", " + humanBytes(double(plan.free_bytes)) +
                    " free. Free some space or choose another folder (-o).");
    if (!args.has("yes")) {
        if (json || !isatty(STDIN_FILENO))
            throwUsage("fetch downloads " + humanBytes(double(left)) + " and asks first; add --yes to download "
                       "without asking.");
        std::fprintf(stderr, "Download now? [y/N] ");
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "Y" && answer != "yes")
            throw Error(ErrorKind::Cancelled, "not downloaded");
    }

    std::string last_line; // without a terminal: one line per file and stage, not a progress bar
    const auto onEvent = [&](const fetch::FetchEvent& e) {
        if (json) {
            std::fprintf(stderr, "{\"stage\":\"%s\",\"file\":%s,\"file_index\":%d,\"file_count\":%d,\"bytes\":%lld,"
                                 "\"total\":%lld,\"bytes_per_s\":%s,\"eta_s\":%s}\n",
                         stageName(e.stage), jsonString(e.file).c_str(), e.file_index, e.file_count, (long long)e.done,
                         (long long)e.total, num(e.bytes_per_s, 0).c_str(), e.eta_s >= 0 ? num(e.eta_s, 1).c_str() : "null");
            return;
        }
        if (quiet || e.stage == fetch::FetchEvent::Stage::Done)
            return;
        const double fraction = e.total > 0 ? double(e.done) / double(e.total) : 0;
        if (!tty) {
            const std::string line = std::string(stageName(e.stage)) + (e.file.empty() ? "" : " " + e.file);
            if (line != last_line)
                std::fprintf(stderr, "%s\n", line.c_str());
            last_line = line;
            return;
        }
        if (e.stage == fetch::FetchEvent::Stage::Download)
            std::fprintf(stderr, "\rdownloading %s (%d/%d)  %s of %s  %3.0f%%  %s%s   ", e.file.c_str(), e.file_index,
                         e.file_count, humanBytes(double(e.done)).c_str(), humanBytes(double(e.total)).c_str(),
                         fraction * 100, e.bytes_per_s > 0 ? (humanBytes(e.bytes_per_s) + "/s  ").c_str() : "",
                         e.eta_s >= 0 ? ("ETA " + duration(e.eta_s)).c_str() : "");
        else if (e.stage == fetch::FetchEvent::Stage::Verify)
            std::fprintf(stderr, "\rchecking %s (%d/%d) from an earlier run%30s", e.file.c_str(), e.file_index,
                         e.file_count, "");
        else if (e.total > 0)
            std::fprintf(stderr, "\rmaking the model package  %s of %s  %3.0f%%%40s", humanBytes(double(e.done)).c_str(),
                         humanBytes(double(e.total)).c_str(), fraction * 100, "");
        else
            std::fprintf(stderr, "\rmaking the model package …%60s", "");
    };
    try {
        const auto package = fetch::fetchModel(p, onEvent, cancel);
        if (json)
            std::fprintf(stderr, "{\"stage\":\"done\",\"package\":%s}\n", jsonString(package.string()).c_str());
        else if (!quiet)
            std::fprintf(stderr, "%swrote model package %s\n", tty ? "\n" : "", package.string().c_str());
        std::printf("%s\n", package.string().c_str()); // for scripts: the package folder, alone on stdout
    } catch (const Error& e) {
        if (tty && !quiet && !json)
            std::fprintf(stderr, "\n");
        if (json)
            std::fprintf(stderr, "{\"stage\":\"error\",\"exit_code\":%d,\"message\":%s}\n", e.exitCode(),
                         jsonString(e.kind() == ErrorKind::Cancelled ? "cancelled" : e.what()).c_str());
        if (e.kind() != ErrorKind::Usage && fetch::planModelFetch(p).present_bytes > 0)
            std::fprintf(stderr, "emote: the files downloaded so far are kept in %s; the same command resumes from "
                                 "them.\n", quoted(plan.staging).c_str());
        throw;
    }
    return 0;
}

} // namespace emote::cli
