#include "core/fetch/model_fetch.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/diffusion/hallo_import.h"

#include <QLockFile>
#include <QSaveFile>
#include <QString>
#include <QStandardPaths>

#include <chrono>
#include <deque>

namespace emote::fetch {

namespace fs = std::filesystem;

namespace {

// Room kept free beyond the downloads and the package, so that the disk is not filled to the last byte.
constexpr std::int64_t kReserveBytes = std::int64_t(256) << 20;
constexpr const char* kImportConfigName = "emote-import-config.json";

fs::path packagePath(const fs::path& package)
{
    fs::path p = package.lexically_normal();
    return p.has_filename() ? p : p.parent_path();
}

fs::path stagingOf(const fs::path& package) { return fs::path(packagePath(package).string() + ".download"); }

// The nearest folder that exists on the way up from P (for the free-space query before anything is created).
fs::path existingAncestor(fs::path p)
{
    p = fs::absolute(p);
    std::error_code ec;
    while (!fs::is_directory(p, ec) && p.has_parent_path() && p != p.parent_path())
        p = p.parent_path();
    return p;
}

std::int64_t presentBytes(const fs::path& staging, const ReleaseFile& f)
{
    std::error_code ec;
    for (const fs::path& p : {staging / f.path, fs::path((staging / f.path).string() + ".part")}) {
        const auto size = fs::file_size(p, ec);
        if (!ec)
            return std::min<std::int64_t>(std::int64_t(size), f.bytes);
    }
    return 0;
}

std::string urlOf(const ModelFetchParams& p, const ReleaseFile& f)
{
    if (f.url.rfind("http://", 0) == 0 || f.url.rfind("https://", 0) == 0)
        return f.url;
    std::string base = p.base_url.empty() ? p.release.base_url : p.base_url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base + "/" + f.url;
}

std::int64_t freeOn(const ModelFetchParams& p, const fs::path& dir)
{
    return p.download.free_bytes ? p.download.free_bytes(dir) : emote::freeBytes(dir);
}

void writeSmallFile(const fs::path& file, const std::string& content)
{
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    QSaveFile out(QString::fromStdString(file.string()));
    if (!out.open(QIODevice::WriteOnly) || out.write(content.data(), qint64(content.size())) < 0 || !out.commit())
        throwOutput("cannot write " + quoted(file) + ": " + out.errorString().toStdString());
}

// Download rate over the last few seconds, for the ETA.
class RateMeter {
public:
    void add(std::int64_t done)
    {
        const auto now = std::chrono::steady_clock::now();
        m_samples.emplace_back(now, done);
        while (m_samples.size() > 2 && now - m_samples.front().first > std::chrono::seconds(5))
            m_samples.pop_front();
    }
    double bytesPerSecond() const
    {
        if (m_samples.size() < 2)
            return 0;
        const double s = std::chrono::duration<double>(m_samples.back().first - m_samples.front().first).count();
        return s > 0.2 ? double(m_samples.back().second - m_samples.front().second) / s : 0;
    }

private:
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::int64_t>> m_samples;
};

} // namespace

fs::path defaultModelsFolder()
{
    return fs::path(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation).toStdString()) / "Emote" /
           "Emote Studio" / "models";
}

ModelFetchParams halloFetchParams(const std::string& manifest, const std::string& base_url)
{
    const auto env = [](const char* name) { return qEnvironmentVariable(name).toStdString(); };
    const std::string file = manifest.empty() ? env("EMOTE_FETCH_MANIFEST") : manifest;
    ModelFetchParams p;
    p.release = file.empty() ? halloRelease() : readRelease(file);
    p.base_url = base_url.empty() ? env("EMOTE_FETCH_BASE_URL") : base_url;
    p.package = defaultModelsFolder() / p.release.package_name;
    return p;
}

FetchPlan planModelFetch(const ModelFetchParams& p)
{
    FetchPlan plan;
    plan.staging = stagingOf(p.package);
    for (const ReleaseFile& f : p.release.files) {
        if (!f.downloaded())
            continue;
        ++plan.files;
        plan.download_bytes += f.bytes;
        plan.present_bytes += presentBytes(plan.staging, f);
    }
    // The package holds the same tensors as the downloaded weights (converted to safetensors).
    plan.package_bytes = plan.download_bytes;
    plan.needed_bytes = (plan.download_bytes - plan.present_bytes) + plan.package_bytes + kReserveBytes;
    plan.free_bytes = freeOn(p, existingAncestor(packagePath(p.package).parent_path()));
    return plan;
}

fs::path fetchModel(const ModelFetchParams& p, const std::function<void(const FetchEvent&)>& on_event, CancelToken& cancel)
{
    const fs::path package = packagePath(p.package);
    std::error_code ec;
    if (fs::exists(package, ec) && !p.overwrite)
        throwOutput({MessageCode::PackageExists, {package.string()},
                     quoted(package) + " already exists. Choose another folder, or replace it (--overwrite)."});
    const FetchPlan plan = planModelFetch(p);
    if (!plan.enough_space())
        throwOutput({MessageCode::DownloadNoSpace,
                     {package.parent_path().string(), humanBytes(double(plan.free_bytes)),
                      humanBytes(double(plan.needed_bytes))},
                     "getting " + p.release.title + " needs " + humanBytes(double(plan.needed_bytes)) +
                         " free on the disk holding " + quoted(package.parent_path()) + " (" +
                         humanBytes(double(plan.download_bytes - plan.present_bytes)) + " to download, " +
                         humanBytes(double(plan.package_bytes)) + " for the package), but only " +
                         humanBytes(double(plan.free_bytes)) + " are free. Free some space or choose another folder."});
    fs::create_directories(plan.staging, ec);
    if (ec)
        throwOutput("cannot create " + quoted(plan.staging) + ": " + ec.message());
    // One fetch per staging folder at a time (the app and the CLI could both be asked); a lock left by a process
    // that died is taken over.
    QLockFile lock(QString::fromStdString((plan.staging / ".lock").string()));
    if (!lock.tryLock(0))
        throwOutput({MessageCode::DownloadRunning, {plan.staging.string()},
                     "another download into " + quoted(plan.staging) + " is running (Emote Studio or emote fetch). "
                     "Wait for it, or stop it first."});

    const auto report = [&](const FetchEvent& e) {
        if (on_event)
            on_event(e);
    };
    for (const ReleaseFile& f : p.release.files)
        if (!f.downloaded())
            writeSmallFile(plan.staging / f.path, f.content);

    Downloader downloader(p.download, cancel);
    RateMeter rate;
    std::int64_t done_before = 0; // bytes of the files finished
    int index = 0;
    auto last_event = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    for (const ReleaseFile& f : p.release.files) {
        if (!f.downloaded())
            continue;
        ++index;
        FetchEvent e;
        e.file = f.path;
        e.file_index = index;
        e.file_count = plan.files;
        e.total = plan.download_bytes;
        const fs::path final_path = plan.staging / f.path;
        const fs::path part(final_path.string() + ".part");
        if (fs::exists(final_path, ec)) {
            // From an earlier run: kept only if it still is the pinned file.
            if (std::int64_t(fs::file_size(final_path, ec)) == f.bytes) {
                e.stage = FetchEvent::Stage::Verify;
                e.done = done_before;
                report(e);
                if (sha256Of(final_path, cancel) == f.sha256) {
                    done_before += f.bytes;
                    continue;
                }
            }
            fs::remove(final_path, ec);
        }
        std::int64_t later = 0; // what the files after this one still need
        bool after = false;
        for (const ReleaseFile& g : p.release.files) {
            if (&g == &f) {
                after = true;
                continue;
            }
            if (after && g.downloaded())
                later += g.bytes - presentBytes(plan.staging, g);
        }
        e.stage = FetchEvent::Stage::Download;
        downloader.download(f, urlOf(p, f), part, final_path, later + plan.package_bytes + kReserveBytes,
                            [&](std::int64_t file_bytes) {
                                e.done = done_before + file_bytes;
                                rate.add(e.done);
                                const auto now = std::chrono::steady_clock::now();
                                if (now - last_event < std::chrono::milliseconds(200) && file_bytes != f.bytes)
                                    return;
                                last_event = now;
                                e.bytes_per_s = rate.bytesPerSecond();
                                e.eta_s = e.bytes_per_s > 0 ? double(e.total - e.done) / e.bytes_per_s : -1;
                                report(e);
                            });
        done_before += f.bytes;
    }

    // Every file is here and checked: the package, with import-hallo's own checks.
    const std::int64_t free = freeOn(p, existingAncestor(package.parent_path()));
    if (free >= 0 && free < plan.package_bytes + kReserveBytes)
        throwOutput({MessageCode::DownloadNoSpace,
                     {package.parent_path().string(), humanBytes(double(free)),
                      humanBytes(double(plan.package_bytes + kReserveBytes))},
                     "the disk holding " + quoted(package.parent_path()) + " has " + humanBytes(double(free)) +
                         " free, but the package needs " + humanBytes(double(plan.package_bytes)) +
                         ". Free some space and run it again: the downloaded files in " + quoted(plan.staging) +
                         " are kept."});
    diffusion::HalloImportParams ip;
    ip.release = plan.staging;
    ip.output = package;
    ip.name = p.release.package_name;
    ip.license = p.release.license;
    ip.overwrite = p.overwrite;
    if (!p.release.import_config_json.empty()) {
        ip.config_file = plan.staging / kImportConfigName;
        writeSmallFile(ip.config_file, p.release.import_config_json);
    }
    FetchEvent e;
    e.stage = FetchEvent::Stage::Import;
    report(e);
    diffusion::importHallo(ip, [&](std::int64_t written, std::int64_t total) {
        e.done = written;
        e.total = total;
        report(e);
        return !cancel.cancelled();
    });
    lock.unlock();
    fs::remove_all(plan.staging, ec);
    e = FetchEvent{};
    e.stage = FetchEvent::Stage::Done;
    report(e);
    return package;
}

} // namespace emote::fetch
