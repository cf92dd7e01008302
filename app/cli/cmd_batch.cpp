#include "app/cli/cmd_batch.h"

#include "app/cli/cli_args.h"
#include "app/cli/generate_options.h"
#include "app/cli/job_report.h"
#include "app/cli/label_language.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/jobs/generation_context.h"
#include "core/jobs/job.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>

namespace emote::cli {

const char* const kBatchUsage = R"(  emote batch JOBS.jsonl [generate options] [--overwrite] [--manifest] [--json] [-q]
  emote batch DIR [-o OUTDIR] [generate options] [--overwrite] [--manifest] [--json] [-q]

batch: many videos in one run, one after the other, the models loaded once (the first job loads them; later
jobs with the same engine and model load nothing). A failed job is reported (which line or files, what is wrong)
and the others go on.
  JOBS.jsonl   one JSON object per line (blank lines are skipped), e.g.
                 {"portrait": "anna.jpg", "audio": "hello.wav", "output": "anna-hello.mp4", "emotion": "happy"}
               "portrait", "audio", "output" name the files, relative to the JOBS file's folder; any generate
               option by its name ("fps": 30, "engine": "diffusion", "model": "hallo", "motion": 0.5,
               "emotion-intensity" or "emotion_intensity", "seed", "no-blink": true, "label": true, ...) or by
               the project file's setting name ("motion_speed", "blink", "watermark", "visible_label",
               "max_audio_s", "max_image_pixels"; "aspect": 0 is the photo's own); "project": "FILE.emote"
               (inputs, settings and output of a project; the line's other fields win); "overwrite" and
               "manifest": true or false. Values are checked as generate checks its options.
  DIR          pairs each portrait (.jpg .jpeg .png .webp .bmp .tif .tiff) with the audio file (.wav .mp3
               .flac .ogg .opus .m4a) of the same name stem: anna.jpg + anna.wav -> OUTDIR/anna.mp4. Portraits
               or audio without a partner, a stem with two portraits or two audio files, other files and
               folders are listed as skipped.
  -o, --output-dir OUTDIR  DIR: where the videos go (default DIR itself; made when missing)
  generate options, --overwrite, --manifest on the command line apply to every job; a JOBS line's own win.
  An existing video is never replaced without --overwrite (or "overwrite": true), nor one that another job
  of the batch writes.
  --json  one JSON object per line on stderr, each with the job's number "job": "start" (source, portrait,
          audio, output), the stages as generate --json prints them, "warning", "done" (with models_loaded and
          model_load_s: 0 and about 0 when an earlier job loaded them) or "error" (exit_code, message); DIR's
          "skipped" files; last one "batch" line with the counts and the exit code.
Exit codes: 0 every job done, 6 some done and some failed, 7 none done, 2 bad options, 3 the JOBS file or
DIR cannot be read or holds no job, 5 cancelled (SIGINT/SIGTERM): the running job is removed, nothing
half-written, later jobs do not start; videos already done stay.
)";

namespace {

namespace fs = std::filesystem;

struct PlannedJob {
    std::string source;      // for people: "'jobs.jsonl' line 3", "anna.jpg + anna.wav"
    std::string source_json; // for --json: "\"source\":\"jobs.jsonl:3\",\"line\":3"
    GenerationRequest request;
    std::optional<Error> refused; // what is wrong with the job: it is reported, not run
};

// The batch's own options and generate's settings options (defaults for every job).
std::vector<OptionSpec> batchSpecs()
{
    return withSettingsOptions({{"output-dir", 'o'},
                                {"overwrite", 0, false},
                                {"manifest", 0, false},
                                {"json", 0, false},
                                {"quiet", 'q', false}});
}

const OptionSpec* settingsOption(const std::string& name)
{
    for (const OptionSpec& o : kSettingsOptions)
        if (o.name == name)
            return &o;
    return nullptr;
}

// The settings options of ARGS as arguments again: prepended to every job's own.
std::vector<std::string> settingsArgv(const Args& args)
{
    std::vector<std::string> argv;
    for (const OptionSpec& o : kSettingsOptions)
        if (args.has(o.name)) {
            argv.push_back("--" + o.name);
            if (o.takes_value)
                argv.push_back(*args.get(o.name));
        }
    return argv;
}

// A job's request from generate's arguments (the batch's settings options, then the job's own).
GenerationRequest requestOf(const std::vector<std::string>& argv, const WarningFn& warning)
{
    const Args args(argv, withSettingsOptions({{"portrait"}, {"audio"}, {"output"}, {"project"},
                                               {"overwrite", 0, false}, {"manifest", 0, false}}));
    return requestFromArgs(args, warning);
}

std::string kindOf(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return v.toBool() ? "true" : "false";
    case QJsonValue::Double: return "a number";
    case QJsonValue::String: return "text";
    case QJsonValue::Array: return "a list";
    case QJsonValue::Object: return "an object";
    case QJsonValue::Undefined: break;
    }
    return "nothing";
}

// A field's value as generate's option would have it: text as it is, a whole number without a decimal point.
std::string optionText(const QJsonValue& v, const std::string& field)
{
    if (v.isString())
        return v.toString().toStdString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 1e15)
            return std::to_string(static_cast<long long>(d));
        char b[40];
        std::snprintf(b, sizeof b, "%.17g", d);
        return b;
    }
    throwUsage("field \"" + field + "\" needs text or a number, got " + kindOf(v) + ".");
}

double optionNumber(const QJsonValue& v, const std::string& field)
{
    if (!v.isDouble())
        throwUsage("field \"" + field + "\" needs a number, got " + kindOf(v) + ".");
    return v.toDouble();
}

bool optionBool(const QJsonValue& v, const std::string& field)
{
    if (!v.isBool())
        throwUsage("field \"" + field + "\" needs true or false, got " + kindOf(v) + ".");
    return v.toBool();
}

fs::path besideFile(const fs::path& folder, const std::string& path)
{
    const fs::path p(path);
    return p.is_relative() && !folder.empty() ? folder / p : p;
}

// One line of a JOBS file → a job (or the reason it is refused).
PlannedJob planLine(const fs::path& file, int line_no, const std::string& text, const std::vector<std::string>& base,
                    const Args& batch_args, const WarningFn& warning)
{
    PlannedJob job;
    job.source = quoted(file) + " line " + std::to_string(line_no);
    job.source_json = "\"source\":" + jsonString(file.string() + ":" + std::to_string(line_no)) +
                      ",\"line\":" + std::to_string(line_no);
    try {
        QJsonParseError parse{};
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &parse);
        if (parse.error != QJsonParseError::NoError)
            throwInput("not JSON (" + parse.errorString().toStdString() + " at character " +
                       std::to_string(parse.offset + 1) + "). Each line holds one JSON object such as "
                       "{\"portrait\": \"me.jpg\", \"audio\": \"song.mp3\", \"output\": \"me.mp4\"}.");
        if (!doc.isObject())
            throwInput("not a JSON object. Each line holds one object such as "
                       "{\"portrait\": \"me.jpg\", \"audio\": \"song.mp3\", \"output\": \"me.mp4\"}.");
        const QJsonObject o = doc.object();
        const fs::path folder = file.parent_path();
        std::vector<std::string> argv = base;
        std::set<std::string> inputs;
        std::optional<bool> overwrite, manifest, blink, watermark, label;
        for (auto it = o.begin(); it != o.end(); ++it) {
            const std::string key = it.key().toStdString();
            std::string name = key;
            std::replace(name.begin(), name.end(), '_', '-');
            const QJsonValue v = it.value();
            if (name == "portrait" || name == "audio" || name == "output" || name == "project") {
                argv.insert(argv.end(), {"--" + name, besideFile(folder, optionText(v, key)).string()});
                inputs.insert(name);
            } else if (name == "overwrite") {
                overwrite = optionBool(v, key);
            } else if (name == "manifest") {
                manifest = optionBool(v, key);
            } else if (name == "blink" || name == "no-blink") {
                blink = optionBool(v, key) == (name == "blink");
            } else if (name == "watermark" || name == "no-watermark") {
                watermark = optionBool(v, key) == (name == "watermark");
            } else if (name == "label" || name == "visible-label") {
                label = optionBool(v, key);
            } else if (name == "motion-speed") { // the project's names for generate's options
                argv.insert(argv.end(), {"--motion", optionText(v, key)});
            } else if (name == "max-audio-s") {
                argv.insert(argv.end(), {"--max-audio-minutes", std::to_string(optionNumber(v, key) / 60.0)});
            } else if (name == "max-image-pixels") {
                argv.insert(argv.end(), {"--max-image-mp", std::to_string(optionNumber(v, key) / 1e6)});
            } else if (name == "aspect" && v.isDouble() && v.toDouble() == 0) { // a project's 0: the photo's own
                argv.insert(argv.end(), {"--aspect", "source"});
            } else if (name == "model") {
                argv.insert(argv.end(), {"--model", besideFile(folder, optionText(v, key)).string()});
            } else if (const OptionSpec* spec = settingsOption(name); spec && spec->takes_value) {
                argv.insert(argv.end(), {"--" + name, optionText(v, key)});
            } else {
                throwUsage("unknown field \"" + key + "\". Use \"portrait\", \"audio\", \"output\" and generate's "
                           "option names (\"fps\", \"engine\", \"emotion\", ...: see 'emote help').");
            }
        }
        for (const char* role : {"portrait", "audio", "output"})
            if (!inputs.count(role) && !inputs.count("project"))
                throwUsage(std::string("no \"") + role + "\" field. Each line names \"portrait\", \"audio\" and "
                           "\"output\" (or a \"project\").");
        job.request = requestOf(argv, warning);
        GenerationRequest& r = job.request;
        r.overwrite = overwrite.value_or(batch_args.has("overwrite"));
        r.write_manifest = manifest.value_or(batch_args.has("manifest"));
        r.settings.blink = blink.value_or(r.settings.blink);
        r.settings.watermark = watermark.value_or(r.settings.watermark);
        r.settings.visible_label = label.value_or(r.settings.visible_label);
        r.settings.validate();
    } catch (const Error& e) {
        // The checks are generate's: its words for an option are a field's here.
        std::string message = e.what();
        for (std::size_t at; (at = message.find("option '--")) != std::string::npos;)
            message.replace(at, 10, "field '");
        job.refused = Error(e.kind(), message);
    }
    return job;
}

std::vector<PlannedJob> planJobsFile(const fs::path& file, const std::vector<std::string>& base, const Args& args,
                                     const ReportStyle& style, const CancelToken& cancel)
{
    requireReadableFile(file, "jobs file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwInput("cannot read the jobs file " + quoted(file) + ". Check that it exists and is readable.");
    std::vector<PlannedJob> jobs;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) // a UTF-8 byte order mark
            line.erase(0, 3);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        JobReport report(style, cancel, int(jobs.size()) + 1);
        const std::string where = quoted(file) + " line " + std::to_string(line_no);
        jobs.push_back(planLine(file, line_no, line, base, args, [&](const Message& message) {
            if (style.json)
                report.callbacks().warning(message);
            else
                std::fprintf(stderr, "emote: warning: %s: %s\n", where.c_str(), message.text.c_str());
        }));
    }
    if (jobs.empty())
        throwInput("the jobs file " + quoted(file) + " holds no job. Write one JSON object per line: "
                   "{\"portrait\": \"me.jpg\", \"audio\": \"song.mp3\", \"output\": \"me.mp4\"}.");
    return jobs;
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isPortraitFile(const fs::path& p)
{
    static const std::set<std::string> ext = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"};
    return ext.count(lower(p.extension().string())) > 0;
}

bool isAudioFile(const fs::path& p)
{
    static const std::set<std::string> ext = {".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a"};
    return ext.count(lower(p.extension().string())) > 0;
}

// DIR's portraits and audio paired by name stem; what is left out goes to SKIPPED (file name → why).
std::vector<PlannedJob> planFolder(const fs::path& dir, const fs::path& out_dir, const std::vector<std::string>& base,
                                   const Args& args, std::vector<std::pair<std::string, std::string>>& skipped)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throwInput("cannot read the folder " + quoted(dir) + ": it is not a folder. Give a JOBS.jsonl file or a folder "
                   "of portraits and audio files.");
    struct Stem {
        std::vector<fs::path> portraits, audio;
    };
    std::map<std::string, Stem> stems; // sorted: jobs run in name order
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        entries.push_back(it->path());
    if (ec)
        throwInput("cannot read the folder " + quoted(dir) + ": " + ec.message() + ".");
    std::sort(entries.begin(), entries.end());
    for (const fs::path& p : entries) {
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.')
            continue; // hidden files and the staging folders of running jobs
        if (fs::is_directory(p, ec)) {
            skipped.emplace_back(name, "a folder (batch looks only at the files directly in " + quoted(dir) + ")");
        } else if (isPortraitFile(p)) {
            stems[p.stem().string()].portraits.push_back(p);
        } else if (isAudioFile(p)) {
            stems[p.stem().string()].audio.push_back(p);
        } else {
            skipped.emplace_back(name, "neither a portrait (.jpg .jpeg .png .webp .bmp .tif .tiff) nor audio (.wav "
                                       ".mp3 .flac .ogg .opus .m4a)");
        }
    }
    auto names = [](const std::vector<fs::path>& files) {
        std::string s;
        for (const auto& f : files)
            s += (s.empty() ? "" : ", ") + f.filename().string();
        return s;
    };
    std::vector<PlannedJob> jobs;
    for (const auto& [stem, files] : stems) {
        const std::string why =
            files.portraits.size() > 1 ? "two portraits named '" + stem + "' (" + names(files.portraits) + "): rename one"
            : files.audio.size() > 1   ? "two audio files named '" + stem + "' (" + names(files.audio) + "): rename one"
            : files.audio.empty()      ? "no audio named '" + stem + "' (e.g. " + stem + ".wav) beside it"
            : files.portraits.empty()  ? "no portrait named '" + stem + "' (e.g. " + stem + ".jpg) beside it"
                                       : std::string();
        if (!why.empty()) {
            for (const auto& f : files.portraits)
                skipped.emplace_back(f.filename().string(), why);
            for (const auto& f : files.audio)
                skipped.emplace_back(f.filename().string(), why);
            continue;
        }
        PlannedJob job;
        const fs::path& portrait = files.portraits.front();
        const fs::path& audio = files.audio.front();
        job.source = portrait.filename().string() + " + " + audio.filename().string();
        job.source_json = "\"source\":" + jsonString(job.source);
        std::vector<std::string> argv = base;
        argv.insert(argv.end(), {"--portrait", portrait.string(), "--audio", audio.string(), "--output",
                                 (out_dir / (stem + ".mp4")).string()});
        try {
            job.request = requestOf(argv, {});
            job.request.overwrite = args.has("overwrite");
            job.request.write_manifest = args.has("manifest");
        } catch (const Error& e) {
            job.refused = Error(e.kind(), e.what());
        }
        jobs.push_back(std::move(job));
    }
    return jobs;
}

// Two jobs writing the same video: the later one is refused (it would replace the earlier one's video).
void refuseSharedOutputs(std::vector<PlannedJob>& jobs)
{
    std::map<fs::path, std::size_t> first;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (jobs[i].refused)
            continue;
        const fs::path key = fs::absolute(jobs[i].request.output).lexically_normal();
        const auto [it, fresh] = first.emplace(key, i);
        if (!fresh)
            jobs[i].refused = Error(ErrorKind::Output, "job " + std::to_string(it->second + 1) + " (" +
                                                           jobs[it->second].source + ") writes the same video " +
                                                           quoted(jobs[i].request.output) +
                                                           ". Give each job its own output.");
    }
}

} // namespace

int cmdBatch(const std::vector<std::string>& argv, const CancelToken& cancel)
{
    const Args args(argv, batchSpecs());
    if (args.positional().size() != 1)
        throwUsage("batch needs one JOBS.jsonl file or one folder. Usage: emote batch JOBS.jsonl [options] | "
                   "emote batch DIR [-o OUTDIR] [options]");
    const fs::path source = args.positional().front();
    const ReportStyle style{.json = args.has("json"), .quiet = args.has("quiet")};
    // The command line's settings are checked once, before any job: a bad one is a usage error of the batch.
    const std::vector<std::string> base = settingsArgv(args);
    {
        GenerationSettings check;
        applySettingsFlags(args, check);
        check.validate();
        labelLanguage(args.get("label-language"), {});
    }
    const JobReport batch_report(style, cancel);
    std::vector<PlannedJob> jobs;
    std::error_code ec;
    if (fs::is_directory(source, ec)) {
        const fs::path out_dir = args.has("output-dir") ? fs::path(*args.get("output-dir")) : source;
        fs::create_directories(out_dir, ec);
        if (ec || !fs::is_directory(out_dir))
            throwOutput("cannot make the output folder " + quoted(out_dir) + ": " +
                        (ec ? ec.message() : "a file has that name") + ". Choose another with -o OUTDIR.");
        std::vector<std::pair<std::string, std::string>> skipped;
        jobs = planFolder(source, out_dir, base, args, skipped);
        for (const auto& [file, why] : skipped) {
            batch_report.event("skipped", "\"file\":" + jsonString((source / file).string()) + ",\"message\":" +
                                              jsonString(why));
            if (!style.json && !style.quiet)
                std::fprintf(stderr, "skipped %s: %s\n", file.c_str(), why.c_str());
        }
        if (!style.json && !style.quiet)
            for (const PlannedJob& j : jobs)
                std::fprintf(stderr, "paired %s -> %s\n", j.source.c_str(),
                             j.refused ? "(refused, see below)" : j.request.output.c_str());
        if (jobs.empty())
            throwInput("no portrait and audio file in " + quoted(source) + " share a name: name them alike, e.g. "
                       "anna.jpg and anna.wav (each skipped file is listed above).");
    } else {
        if (args.has("output-dir"))
            throwUsage("-o/--output-dir is for a folder of portraits and audio; a JOBS file names each output.");
        jobs = planJobsFile(source, base, args, style, cancel);
    }
    refuseSharedOutputs(jobs);

    GenerationContext context; // one for every job: the models load once
    const int total = int(jobs.size());
    int done = 0, failed = 0, started = 0;
    bool cancelled = false;
    std::vector<int> failed_jobs;
    double load_s = 0;
    for (int i = 0; i < total && !cancel.cancelled(); ++i) {
        PlannedJob& job = jobs[std::size_t(i)];
        JobReport report(style, cancel, i + 1);
        ++started;
        report.event("start", job.refused ? job.source_json
                                          : job.source_json + ",\"portrait\":" + jsonString(job.request.portrait.string()) +
                                                ",\"audio\":" + jsonString(job.request.audio.string()) +
                                                ",\"output\":" + jsonString(job.request.output.string()));
        if (!style.json && !style.quiet)
            std::fprintf(stderr, "[%d/%d] %s%s%s\n", i + 1, total, job.source.c_str(), job.refused ? "" : " -> ",
                         job.refused ? "" : job.request.output.c_str());
        try {
            if (job.refused)
                throw *job.refused;
            const GenerationResult r = runGeneration(context, job.request, report.callbacks(), cancel);
            load_s += r.model_load_s;
            report.done(r);
            ++done;
        } catch (const Error& e) {
            report.failed(e, job.source_json);
            if (e.kind() == ErrorKind::Cancelled || cancel.cancelled()) {
                cancelled = true;
                break;
            }
            ++failed;
            failed_jobs.push_back(i + 1);
            if (!style.json)
                std::fprintf(stderr, "emote: job %d of %d (%s) failed: %s\n", i + 1, total, job.source.c_str(), e.what());
        } catch (const std::exception& e) { // a bug in one job: reported like a failure, the others go on
            const Error err(ErrorKind::Internal, std::string("internal error: ") + e.what());
            report.failed(err, job.source_json);
            ++failed;
            failed_jobs.push_back(i + 1);
            if (!style.json)
                std::fprintf(stderr, "emote: job %d of %d (%s) failed: %s\n", i + 1, total, job.source.c_str(), err.what());
            context.release(); // its engine may be in any state
        }
    }
    cancelled = cancelled || cancel.cancelled();
    const int not_started = total - started;
    const int code = cancelled ? int(ErrorKind::Cancelled) : failed == 0 ? 0 : done == 0 ? kBatchAllFailed : kBatchSomeFailed;
    batch_report.event("batch", "\"jobs\":" + std::to_string(total) + ",\"done\":" + std::to_string(done) +
                                    ",\"failed\":" + std::to_string(failed) + ",\"cancelled\":" +
                                    std::to_string(cancelled ? 1 : 0) + ",\"not_started\":" +
                                    std::to_string(not_started) + ",\"models_loaded\":" +
                                    std::to_string(context.modelLoads()) + ",\"model_load_s\":" + num(load_s) +
                                    ",\"exit_code\":" + std::to_string(code));
    if (!style.json && (!style.quiet || failed > 0 || cancelled)) {
        std::string failures;
        for (const int j : failed_jobs)
            failures += (failures.empty() ? "" : ", ") + std::to_string(j);
        std::fprintf(stderr, "batch: %d of %d job%s done", done, total, total == 1 ? "" : "s");
        if (failed > 0)
            std::fprintf(stderr, ", %d failed (job%s %s)", failed, failed == 1 ? "" : "s", failures.c_str());
        if (cancelled)
            std::fprintf(stderr, ", cancelled: the running job was removed (nothing half-written), %d not started",
                         not_started);
        std::fprintf(stderr, "; %lld model%s loaded, in %.2f s\n", (long long)context.modelLoads(),
                     context.modelLoads() == 1 ? "" : "s", load_s);
    }
    return code;
}

} // namespace emote::cli
