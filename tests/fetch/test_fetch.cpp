// Model fetch against a local HTTP server (tests/fetch/http_test_server.h) serving a tiny fake Hallo release
// made at test time: the built-in pins are well formed; downloads resume after a dropped connection, a cancel or
// a full disk; a server that ignores Range, HTTP 500s and redirects are coped with; a 404, a redirect loop, a
// truncated file, a wrong hash, a stale pin (X-Linked-Etag), a stalled connection and a full disk each give
// one clear error and keep no damaged file; a whole fetch gives a verified package and no half package on
// failure, and a second run resumes (verified files are not downloaded again).
#include "test_support.h"

#include "fake_release.h"
#include "http_test_server.h"

#include "core/common/error.h"
#include "core/diffusion/model_package.h"
#include "core/fetch/downloader.h"
#include "core/fetch/model_fetch.h"
#include "core/fetch/release.h"
#include "core/nn/safetensors.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <filesystem>

using namespace emote;
namespace fs = std::filesystem;
using Fault = test::HttpTestServer::Fault;

namespace {

QByteArray readAll(const fs::path& p)
{
    QFile f(QString::fromStdString(p.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const fs::path& p, const QByteArray& bytes)
{
    fs::create_directories(p.parent_path());
    QFile f(QString::fromStdString(p.string()));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

fetch::ReleaseFile pinOf(const QString& path, const QByteArray& bytes)
{
    fetch::ReleaseFile f;
    f.path = path.toStdString();
    f.bytes = bytes.size();
    f.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
    return f;
}

struct Failure {
    ErrorKind kind = ErrorKind::Internal;
    QString message; // empty: no error
};

template <class Fn>
Failure failureOf(Fn&& fn)
{
    try {
        fn();
    } catch (const Error& e) {
        return {e.kind(), QString::fromStdString(e.what())};
    }
    return {};
}

fetch::DownloadOptions quick()
{
    fetch::DownloadOptions o;
    o.retry_delay_ms = 10;
    o.stall_timeout_ms = 5000;
    return o;
}

} // namespace

class TestFetch : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    test::HttpTestServer m_server;
    QByteArray m_blob; // 300 KiB of random bytes, served at /blob
    fetch::ReleaseFile m_pin;
    int m_case = 0;

    fs::path fresh() { return fs::path(m_dir.path().toStdString()) / ("case" + std::to_string(++m_case)); }
    QString url(const QString& path = QStringLiteral("/blob")) const { return m_server.baseUrl() + path; }

    Failure download(const fs::path& dir, fetch::DownloadOptions o = quick(), const QString& from = QStringLiteral("/blob"),
                     std::function<void(std::int64_t)> on_bytes = {}, CancelToken* cancel = nullptr)
    {
        CancelToken own;
        fetch::Downloader d(std::move(o), cancel ? *cancel : own);
        return failureOf([&] {
            d.download(m_pin, url(from).toStdString(), dir / "blob.part", dir / "blob", 0,
                       on_bytes ? on_bytes : [](std::int64_t) {});
        });
    }

    fetch::ModelFetchParams fakeParams(const test::FakeRelease& release, const fs::path& package)
    {
        fetch::ModelFetchParams p;
        p.release = fetch::parseRelease(QJsonDocument(release.manifest(m_server.baseUrl())).toJson().toStdString(), "(test)");
        p.package = package;
        p.download = quick();
        return p;
    }

    void serve(const test::FakeRelease& release)
    {
        for (const auto& f : release.files)
            m_server.setFile(test::FakeRelease::urlPath(f), f.bytes);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_blob.resize(300 * 1024);
        quint32 x = 12345;
        for (char& c : m_blob) {
            x = x * 1664525u + 1013904223u;
            c = char(x >> 24);
        }
        m_pin = pinOf(QStringLiteral("blob"), m_blob);
        m_server.setFile(QStringLiteral("/blob"), m_blob);
    }

    void init()
    {
        m_server.clearRules();
        m_server.clearRequests();
    }

    void builtInReleaseIsPinnedToRevisions()
    {
        const fetch::Release r = fetch::halloRelease();
        QCOMPARE(r.id, std::string("hallo"));
        QCOMPARE(r.base_url, std::string("https://huggingface.co"));
        int downloaded = 0;
        static const QRegularExpression pinned_url(QStringLiteral("^[\\w.-]+/[\\w.-]+/resolve/[0-9a-f]{40}/[\\w./-]+$"));
        for (const auto& f : r.files) {
            if (!f.downloaded()) {
                QCOMPARE(f.path, std::string("stable-diffusion-v1-5/unet/config.json"));
                const auto unet = QJsonDocument::fromJson(QByteArray::fromStdString(f.content)).object();
                QCOMPARE(unet.value("block_out_channels").toArray(), (QJsonArray{320, 640, 1280, 1280}));
                QCOMPARE(unet.value("cross_attention_dim").toInt(), 768);
                continue;
            }
            ++downloaded;
            QVERIFY2(pinned_url.match(QString::fromStdString(f.url)).hasMatch(), f.url.c_str());
            QVERIFY2(!f.source.empty(), f.path.c_str());
        }
        // Exactly what import-hallo reads from Hallo's pretrained_models folder, nothing else.
        QCOMPARE(downloaded, 5);
        QVERIFY(r.downloadBytes() > std::int64_t(5) * 1000 * 1000 * 1000);
    }

    void refusesBadManifests()
    {
        const auto refused = [](const QJsonObject& manifest, const char* needle) {
            const QString m = test::inputErrorOf([&] {
                fetch::parseRelease(QJsonDocument(manifest).toJson().toStdString(), "'m.json'");
            });
            QVERIFY2(m.contains(QLatin1String(needle)) && m.contains(QLatin1String("'m.json'")), qPrintable(m));
        };
        const auto entry = [](const char* path, double bytes, const QString& sha) {
            return QJsonObject{{"path", path}, {"url", "f"}, {"bytes", bytes}, {"sha256", sha}};
        };
        const auto manifest = [](const QJsonArray& files, bool base = true) {
            QJsonObject o{{"format", 1}, {"id", "x"}, {"license", "MIT"}, {"files", files}};
            if (base)
                o.insert("base_url", "http://h");
            return o;
        };
        const QString hex(64, 'a');
        refused(manifest({entry("a", 1, "ab")}), "64 lower-case hex");
        refused(manifest({entry("../a", 1, hex)}), "stay inside");
        refused(manifest({entry("a", 0, hex)}), "positive integer");
        refused(manifest({entry("a", 1, hex), entry("a", 2, hex)}), "listed twice");
        refused(manifest({entry("a", 1, hex)}, false), "no \"base_url\"");
        refused(manifest({}), "non-empty array");
        QVERIFY(test::inputErrorOf([] { fetch::parseRelease("{", "'m.json'"); }).contains(QLatin1String("not a JSON object")));
    }

    void downloadsAndVerifies()
    {
        const fs::path dir = fresh();
        QCOMPARE(download(dir).message, QString());
        QCOMPARE(readAll(dir / "blob"), m_blob);
        QVERIFY(!fs::exists(dir / "blob.part"));
        QCOMPARE(m_server.requests(), QStringList{QStringLiteral("GET /blob")});
    }

    void resumesAfterTheConnectionDrops()
    {
        const fs::path dir = fresh();
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::DropAfter, .times = 2, .bytes = 100000});
        QCOMPARE(download(dir).message, QString());
        QCOMPARE(readAll(dir / "blob"), m_blob);
        // A retry asks only for the rest (Qt itself may resend a request whose connection closed early, so the
        // log can hold one more plain GET before it).
        const QStringList log = m_server.requests();
        QVERIFY2(log.last() == QLatin1String("GET /blob bytes=100000-") || log.last() == QLatin1String("GET /blob bytes=200000-"),
                 qPrintable(log.join(QLatin1String(", "))));
        QVERIFY2(log.size() <= 4, qPrintable(log.join(QLatin1String(", "))));
    }

    void restartsWhenTheServerIgnoresRange()
    {
        const fs::path dir = fresh();
        writeAll(dir / "blob.part", m_blob.left(5000));
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::IgnoreRange});
        QCOMPARE(download(dir).message, QString());
        QCOMPARE(readAll(dir / "blob"), m_blob);
        QCOMPARE(m_server.requests(), QStringList{QStringLiteral("GET /blob bytes=5000-")});
    }

    void damagedPartialIsCaughtByTheHash()
    {
        const fs::path dir = fresh();
        QByteArray wrong = m_blob.left(5000);
        wrong[10] = char(wrong[10] ^ 0x40);
        writeAll(dir / "blob.part", wrong);
        const Failure f = download(dir);
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QLatin1String("SHA-256")) && f.message.contains(QLatin1String("not the pinned")),
                 qPrintable(f.message));
        QVERIFY(!fs::exists(dir / "blob.part"));
        QVERIFY(!fs::exists(dir / "blob"));
        QCOMPARE(download(dir).message, QString()); // the next run downloads it anew
        QCOMPARE(readAll(dir / "blob"), m_blob);
    }

    void notFoundIsOneClearError()
    {
        const fs::path dir = fresh();
        const Failure f = download(dir, quick(), QStringLiteral("/missing"));
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QLatin1String("has no blob")) && f.message.contains(QLatin1String("HTTP 404")) &&
                     f.message.contains(url(QStringLiteral("/missing"))),
                 qPrintable(f.message));
        QCOMPARE(m_server.requests().size(), 1); // not retried
        QVERIFY(!fs::exists(dir / "blob.part") && !fs::exists(dir / "blob"));
    }

    void serverErrorsAreRetried()
    {
        const fs::path dir = fresh();
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::ServerError, .times = 2});
        QCOMPARE(download(dir).message, QString());
        QCOMPARE(m_server.requests().size(), 3);

        const fs::path dir2 = fresh();
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::ServerError});
        const Failure f = download(dir2);
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QLatin1String("HTTP 500")) && f.message.contains(QLatin1String("tried 4 times")),
                 qPrintable(f.message));
        QVERIFY(!fs::exists(dir2 / "blob"));
    }

    void redirectsAreFollowedButNotInCircles()
    {
        const fs::path dir = fresh();
        m_server.setRule(QStringLiteral("/a"), {.fault = Fault::Redirect, .target = QStringLiteral("/b")});
        m_server.setRule(QStringLiteral("/b"), {.fault = Fault::Redirect, .target = QStringLiteral("/blob")});
        QCOMPARE(download(dir, quick(), QStringLiteral("/a")).message, QString());
        QCOMPARE(readAll(dir / "blob"), m_blob);

        m_server.setRule(QStringLiteral("/b"), {.fault = Fault::Redirect, .target = QStringLiteral("/a")});
        const fs::path dir2 = fresh();
        const Failure loop = download(dir2, quick(), QStringLiteral("/a"));
        QCOMPARE(loop.kind, ErrorKind::Input);
        QVERIFY2(loop.message.contains(QLatin1String("go round in a circle")), qPrintable(loop.message));

        for (int i = 0; i < 12; ++i)
            m_server.setRule(QStringLiteral("/r%1").arg(i), {.fault = Fault::Redirect, .target = QStringLiteral("/r%1").arg(i + 1)});
        const Failure many = download(dir2, quick(), QStringLiteral("/r0"));
        QVERIFY2(many.message.contains(QLatin1String("more than 10 times")), qPrintable(many.message));
        QVERIFY(!fs::exists(dir2 / "blob") && !fs::exists(dir2 / "blob.part"));
    }

    void wrongHashKeepsNothing()
    {
        const fs::path dir = fresh();
        QByteArray altered = m_blob;
        altered[200000] = char(altered[200000] ^ 1);
        m_server.setFile(QStringLiteral("/altered"), altered);
        const Failure f = download(dir, quick(), QStringLiteral("/altered"));
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QString::fromStdString(m_pin.sha256)) &&
                     f.message.contains(QLatin1String(QCryptographicHash::hash(altered, QCryptographicHash::Sha256).toHex())),
                 qPrintable(f.message));
        QVERIFY(!fs::exists(dir / "blob") && !fs::exists(dir / "blob.part"));
    }

    void truncatedFileIsRefusedBeforeDownloading()
    {
        const fs::path dir = fresh();
        m_server.setFile(QStringLiteral("/short"), m_blob.left(1000));
        const Failure f = download(dir, quick(), QStringLiteral("/short"));
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QLatin1String("offers 1000 bytes")) &&
                     f.message.contains(QString::number(m_blob.size())),
                 qPrintable(f.message));
        QVERIFY(!fs::exists(dir / "blob") && !fs::exists(dir / "blob.part"));
    }

    void stalePinStopsBeforeTheTransfer()
    {
        // Hugging Face names the file's SHA-256 on the redirect to its storage: a changed file is caught there.
        const fs::path dir = fresh();
        m_server.setRule(QStringLiteral("/hf"), {.fault = Fault::Redirect, .target = QStringLiteral("/blob"),
                                                 .headers = {"X-Linked-Etag: \"" + QByteArray(64, 'c') + "\"",
                                                             "X-Linked-Size: " + QByteArray::number(m_blob.size())}});
        const Failure f = download(dir, quick(), QStringLiteral("/hf"));
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QString(64, 'c')) && f.message.contains(QString::fromStdString(m_pin.sha256)),
                 qPrintable(f.message));
        QCOMPARE(m_server.requests(), QStringList{QStringLiteral("GET /hf")});
        // The matching pin passes.
        m_server.setRule(QStringLiteral("/hf"), {.fault = Fault::Redirect, .target = QStringLiteral("/blob"),
                                                 .headers = {"X-Linked-Etag: \"" + QByteArray::fromStdString(m_pin.sha256) + "\""}});
        QCOMPARE(download(dir, quick(), QStringLiteral("/hf")).message, QString());
    }

    void fullDiskBeforeAndDuring()
    {
        const fs::path dir = fresh();
        fetch::DownloadOptions o = quick();
        o.free_bytes = [](const fs::path&) { return std::int64_t(1000); };
        const Failure before = download(dir, o);
        QCOMPARE(before.kind, ErrorKind::Output);
        QVERIFY2(before.message.contains(QLatin1String("is full")), qPrintable(before.message));
        QVERIFY(m_server.requests().isEmpty());

        // Space runs out while the file arrives: stopped with what it has kept, then resumed.
        auto calls = std::make_shared<std::atomic<int>>(0);
        o.free_check_bytes = 64 * 1024;
        o.free_bytes = [calls](const fs::path&) {
            return ++*calls > 2 ? std::int64_t(1000) : std::int64_t(1) << 40;
        };
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::Slow, .bytes = 32 * 1024, .delay_ms = 5});
        const Failure during = download(dir, o);
        QCOMPARE(during.kind, ErrorKind::Output);
        QVERIFY2(during.message.contains(QLatin1String("is full")) && during.message.contains(QLatin1String("resumes")),
                 qPrintable(during.message));
        const auto kept = fs::file_size(dir / "blob.part");
        QVERIFY(kept >= 64 * 1024 && kept < std::uintmax_t(m_blob.size()));
        m_server.clearRules();
        m_server.clearRequests();
        QCOMPARE(download(dir).message, QString());
        QCOMPARE(readAll(dir / "blob"), m_blob);
        QCOMPARE(m_server.requests(), QStringList{QStringLiteral("GET /blob bytes=%1-").arg(kept)});
    }

    void cancelKeepsWhatArrivedAndSlowServersFinish()
    {
        const fs::path dir = fresh();
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::Slow, .bytes = 16 * 1024, .delay_ms = 10});
        CancelToken cancel;
        const Failure f = download(dir, quick(), QStringLiteral("/blob"), [&](std::int64_t bytes) {
            if (bytes >= 64 * 1024)
                cancel.cancel();
        }, &cancel);
        QCOMPARE(f.kind, ErrorKind::Cancelled);
        QVERIFY(!fs::exists(dir / "blob"));
        const auto kept = fs::file_size(dir / "blob.part");
        QVERIFY(kept >= 64 * 1024);
        // The slow server (16 KiB every 10 ms) still delivers the rest.
        m_server.clearRequests();
        QCOMPARE(download(dir).message, QString());
        QCOMPARE(readAll(dir / "blob"), m_blob);
        QCOMPARE(m_server.requests(), QStringList{QStringLiteral("GET /blob bytes=%1-").arg(kept)});
    }

    void stalledConnectionTimesOut()
    {
        const fs::path dir = fresh();
        m_server.setRule(QStringLiteral("/blob"), {.fault = Fault::Slow, .bytes = 1024, .delay_ms = 3000});
        fetch::DownloadOptions o = quick();
        o.stall_timeout_ms = 300;
        o.retries = 1;
        const Failure f = download(dir, o);
        QCOMPARE(f.kind, ErrorKind::Input);
        QVERIFY2(f.message.contains(QLatin1String("no data arrived")) && f.message.contains(QLatin1String("tried 2 times")),
                 qPrintable(f.message));
    }

    void fetchMakesAVerifiedPackage()
    {
        const auto release = test::makeFakeRelease(7);
        serve(release);
        const fs::path package = fresh() / "models" / "hallo";
        CancelToken cancel;
        std::vector<fetch::FetchEvent> events;
        const auto p = fakeParams(release, package);
        const auto plan = fetch::planModelFetch(p);
        QCOMPARE(plan.download_bytes, release.downloadBytes());
        QCOMPARE(plan.present_bytes, std::int64_t(0));
        QCOMPARE(plan.files, 5);
        QCOMPARE(fetch::fetchModel(p, [&](const fetch::FetchEvent& e) { events.push_back(e); }, cancel), package);

        const auto m = diffusion::readManifest(package);
        diffusion::verifyPackage(package, m);
        QCOMPARE(m.name, std::string("fake-hallo"));
        QCOMPARE(m.license, std::string("MIT (test weights)"));
        std::vector<std::string> names;
        const auto net = nn::SafetensorsFile::open((package / "hallo.safetensors").string());
        for (const auto& t : net.tensors())
            names.push_back(t.name);
        std::sort(names.begin(), names.end());
        auto expected = release.net_tensors;
        std::sort(expected.begin(), expected.end());
        QCOMPARE(names, expected);
        QVERIFY(!nn::SafetensorsFile::open((package / "wav2vec2.safetensors").string()).find("lm_head.weight"));
        QVERIFY(!fs::exists(plan.staging)); // the downloads went once the package was made
        QVERIFY(!fs::exists(package.string() + ".partial"));

        // Progress: bytes never go back, the import follows the downloads, Done comes last.
        std::int64_t last = 0;
        bool imported = false;
        for (const auto& e : events) {
            if (e.stage == fetch::FetchEvent::Stage::Download) {
                QVERIFY(!imported && e.done >= last && e.total == release.downloadBytes());
                last = e.done;
            }
            imported = imported || e.stage == fetch::FetchEvent::Stage::Import;
        }
        QCOMPARE(last, release.downloadBytes());
        QVERIFY(imported);
        QCOMPARE(events.back().stage, fetch::FetchEvent::Stage::Done);
        QVERIFY(fetch::defaultModelsFolder().string().find("Emote/Emote Studio/models") != std::string::npos);
    }

    void failedFetchLeavesNoPackageAndTheNextRunResumes()
    {
        const auto release = test::makeFakeRelease(8);
        serve(release);
        const fs::path package = fresh() / "hallo";
        auto p = fakeParams(release, package);
        p.download.retries = 0;
        CancelToken cancel;
        const QString net = test::FakeRelease::urlPath(release.file(QStringLiteral("hallo/net.pth")));
        const QString w2v = test::FakeRelease::urlPath(release.file(QStringLiteral("wav2vec/wav2vec2-base-960h/model.safetensors")));
        // Two drops: Qt may resend a request whose connection closed early once by itself.
        m_server.setRule(net, {.fault = Fault::DropAfter, .times = 2, .bytes = 50000});
        const Failure dropped = failureOf([&] { fetch::fetchModel(p, {}, cancel); });
        QCOMPARE(dropped.kind, ErrorKind::Input);
        QVERIFY2(dropped.message.contains(QLatin1String("hallo/net.pth")), qPrintable(dropped.message));
        QVERIFY(!fs::exists(package) && !fs::exists(package.string() + ".partial"));
        QCOMPARE(fetch::planModelFetch(p).present_bytes, std::int64_t(50000));

        // Next run: net.pth resumes; a 404 on a later file stops it with no package again.
        m_server.clearRules();
        m_server.setRule(w2v, {.fault = Fault::NotFound, .times = 1});
        const Failure missing = failureOf([&] { fetch::fetchModel(p, {}, cancel); });
        QVERIFY2(missing.message.contains(QLatin1String("wav2vec/wav2vec2-base-960h/model.safetensors")) &&
                     missing.message.contains(QLatin1String("404")),
                 qPrintable(missing.message));
        QVERIFY(!fs::exists(package) && !fs::exists(package.string() + ".partial"));

        // Third run: the files already checked are not downloaded again.
        m_server.clearRequests();
        std::vector<std::string> verified;
        fetch::fetchModel(p, [&](const fetch::FetchEvent& e) {
            if (e.stage == fetch::FetchEvent::Stage::Verify)
                verified.push_back(e.file);
        }, cancel);
        diffusion::verifyPackage(package, diffusion::readManifest(package));
        QCOMPARE(m_server.requests(), QStringList{QStringLiteral("GET ") + w2v});
        QCOMPARE(verified.size(), std::size_t(4));
        QCOMPARE(m_server.requests().filter(QStringLiteral("bytes=")).size(), 0);
    }

    void oneFetchPerFolderAtATime()
    {
        const auto release = test::makeFakeRelease(10);
        serve(release);
        const fs::path package = fresh() / "hallo";
        auto p = fakeParams(release, package);
        fs::create_directories(package.string() + ".download");
        QLockFile other(QString::fromStdString(package.string() + ".download/.lock"));
        QVERIFY(other.tryLock(0));
        CancelToken cancel;
        const Failure busy = failureOf([&] { fetch::fetchModel(p, {}, cancel); });
        QCOMPARE(busy.kind, ErrorKind::Output);
        QVERIFY2(busy.message.contains(QLatin1String("another download")), qPrintable(busy.message));
        QVERIFY(m_server.requests().isEmpty());
        other.unlock();
        QCOMPARE(fetch::fetchModel(p, {}, cancel), package);
    }

    void refusesAnExistingPackageOrTooLittleSpace()
    {
        const auto release = test::makeFakeRelease(9);
        serve(release);
        const fs::path package = fresh() / "hallo";
        fs::create_directories(package);
        CancelToken cancel;
        auto p = fakeParams(release, package);
        const Failure exists = failureOf([&] { fetch::fetchModel(p, {}, cancel); });
        QCOMPARE(exists.kind, ErrorKind::Output);
        QVERIFY2(exists.message.contains(QLatin1String("already exists")), qPrintable(exists.message));

        fs::remove(package);
        p.download.free_bytes = [](const fs::path&) { return std::int64_t(1) << 20; };
        const Failure space = failureOf([&] { fetch::fetchModel(p, {}, cancel); });
        QCOMPARE(space.kind, ErrorKind::Output);
        QVERIFY2(space.message.contains(QLatin1String("free")) && space.message.contains(QLatin1String("needs")),
                 qPrintable(space.message));
        QVERIFY(m_server.requests().isEmpty());
        QVERIFY(!fs::exists(package));
    }
};

QTEST_GUILESS_MAIN(TestFetch)
#include "test_fetch.moc"
