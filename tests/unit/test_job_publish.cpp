// runGeneration publishes the video in one step: the manifest box goes into the video before it reaches the
// user's path, the sidecar manifest is there before the video, and the video's path sees exactly one event, the
// rename that brings it complete (watched with inotify, so a second rename over it, as when the box was added
// after the video was in place, fails the test). Nothing of the job's staging stays behind.
#include "core/common/error.h"
#include "core/jobs/job.h"
#include "core/provenance/embedded_manifest.h"
#include "core/provenance/provenance_record.h"
#include "test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/inotify.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

using namespace emote;

namespace {

// Every create, write, close-after-write, rename and delete in one folder, in order, by name.
class FolderWatch {
public:
    explicit FolderWatch(const QString& dir)
    {
        m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (m_fd >= 0)
            m_wd = inotify_add_watch(m_fd, dir.toLocal8Bit().constData(),
                                     IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
                                         IN_DELETE);
    }
    ~FolderWatch()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_fd >= 0 && m_wd >= 0; }

    // The events so far: (name, mask without IN_ISDIR). Fails the test on a queue overflow.
    std::vector<std::pair<std::string, uint32_t>> drain()
    {
        std::vector<std::pair<std::string, uint32_t>> out;
        alignas(inotify_event) char buf[1 << 16];
        for (;;) {
            const ssize_t n = ::read(m_fd, buf, sizeof buf);
            if (n <= 0)
                break;
            for (ssize_t at = 0; at < n;) {
                const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
                if (e->mask & IN_Q_OVERFLOW)
                    m_overflow = true;
                if (e->len > 0)
                    out.emplace_back(std::string(e->name), e->mask & ~uint32_t(IN_ISDIR));
                at += ssize_t(sizeof(inotify_event) + e->len);
            }
        }
        return out;
    }
    bool overflowed() const { return m_overflow; }

private:
    int m_fd = -1;
    int m_wd = -1;
    bool m_overflow = false;
};

} // namespace

class TestJobPublish : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_audio;

    GenerationRequest request(const QString& out, bool overwrite) const
    {
        GenerationRequest r;
        r.portrait = (emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")).toStdString();
        r.audio = m_audio.toStdString();
        r.output = out.toStdString();
        r.overwrite = overwrite;
        r.write_manifest = true;
        r.settings.engine = EngineKind::Still;
        r.settings.fps = 10;
        r.settings.size = 128;
        return r;
    }

    // Runs R in an empty folder OUT lives in and checks what that folder saw and holds.
    void runAndCheck(const GenerationRequest& r, const QString& dir)
    {
        const std::string video = r.output.filename().string();
        const std::string sidecar = provenance::manifestPathFor(r.output).filename().string();
        FolderWatch watch(dir);
        QVERIFY(watch.ok());
        CancelToken cancel;
        const GenerationResult res = runGeneration(r, {}, cancel);
        QCOMPARE(res.output, r.output);
        const auto events = watch.drain();
        QVERIFY(!watch.overflowed());

        // The user's two paths: each touched once, by the rename that brings it; the sidecar first.
        std::vector<std::pair<std::string, uint32_t>> finals;
        for (const auto& e : events)
            if (e.first == video || e.first == sidecar)
                finals.push_back(e);
        QString seen;
        for (const auto& [name, mask] : finals)
            seen += QString::fromStdString(name) + QStringLiteral(":0x") + QString::number(mask, 16) + QLatin1Char(' ');
        QVERIFY2(finals.size() == 2, qPrintable(seen));
        QVERIFY2(finals[0] == std::make_pair(sidecar, uint32_t(IN_MOVED_TO)), qPrintable(seen));
        QVERIFY2(finals[1] == std::make_pair(video, uint32_t(IN_MOVED_TO)), qPrintable(seen));

        // What arrived is complete: the box is inside and bound, the sidecar hashes the video as it is.
        const provenance::EmbeddedManifest m = provenance::readEmbeddedManifest(r.output);
        QVERIFY2(m.present && m.problem.empty(), m.problem.c_str());
        QVERIFY2(m.hash_matches, (m.bound_sha256 + " vs " + m.actual_sha256).c_str());
        QVERIFY(QString::fromStdString(m.json).contains(QString::fromStdString("\"title\":\"" + video + "\"")));
        QFile f(QString::fromStdString(provenance::manifestPathFor(r.output).string()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject asset = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("asset")).toObject();
        QCOMPARE(asset.value(QStringLiteral("file")).toString().toStdString(), video);
        QFile vf(QString::fromStdString(r.output.string()));
        QVERIFY(vf.open(QIODevice::ReadOnly));
        QCryptographicHash h(QCryptographicHash::Sha256);
        QVERIFY(h.addData(&vf));
        QCOMPARE(asset.value(QStringLiteral("sha256")).toString(), QString::fromLatin1(h.result().toHex()));

        // No staging left: the folder holds the video and its manifest only.
        QStringList left = QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        left.sort();
        QStringList want{QString::fromStdString(video), QString::fromStdString(sidecar)};
        want.sort();
        QCOMPARE(left, want);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QString why;
        m_audio = emote::test::makeTone(m_work.path(), QStringLiteral("t.wav"), 0.5, 16000, 1, &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
    }

    void videoArrivesOnceWithItsManifest()
    {
        const QString dir = m_work.filePath(QStringLiteral("fresh"));
        QVERIFY(QDir().mkpath(dir));
        runAndCheck(request(dir + QStringLiteral("/clip.mp4"), false), dir);
    }

    void overwriteReplacesInOneRename()
    {
        // Over an earlier take (video and sidecar): still one rename each, never an old video with a new box.
        const QString dir = m_work.filePath(QStringLiteral("again"));
        QVERIFY(QDir().mkpath(dir));
        CancelToken cancel;
        runGeneration(request(dir + QStringLiteral("/clip.mp4"), true), {}, cancel);
        runAndCheck(request(dir + QStringLiteral("/clip.mp4"), true), dir);
    }

    void targetThatAppearedIsNotReplacedUnasked()
    {
        // The output appears while the video is being made (here: when its first frame is shown).
        const QString dir = m_work.filePath(QStringLiteral("race"));
        QVERIFY(QDir().mkpath(dir));
        const QString out = dir + QStringLiteral("/clip.mp4");
        JobCallbacks cb;
        cb.frame = [&](const Image&, int64_t i) {
            if (i == 0) {
                QFile other(out);
                if (other.open(QIODevice::WriteOnly))
                    other.write("someone else's file");
            }
        };
        CancelToken cancel;
        try {
            runGeneration(request(out, false), cb, cancel);
            QFAIL("a file that appeared at the output was replaced");
        } catch (const Error& e) {
            QCOMPARE(int(e.kind()), int(ErrorKind::Output));
            QVERIFY2(std::string(e.what()).find("clip.mp4") != std::string::npos, e.what());
        }
        QFile other(out);
        QVERIFY(other.open(QIODevice::ReadOnly));
        QCOMPARE(other.readAll(), QByteArray("someone else's file"));
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("clip.mp4")});
    }
};

QTEST_GUILESS_MAIN(TestJobPublish)
#include "test_job_publish.moc"
