// The on-disk frame cache: random access, the size cap (eviction of older jobs, reduced quality, refusal),
// cleanup on destruction and of folders left by a process that died.
#include "core/common/error.h"
#include "core/engine/frame_cache.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <random>

using namespace emote;
namespace fs = std::filesystem;

namespace {

// A frame with texture (so JPEG sizes are realistic) whose mean colour encodes INDEX.
Image frame(int index, int w = 128, int h = 96)
{
    Image img(w, h);
    std::mt19937 rng(uint32_t(index) * 7919u + 1u);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = img.row(y) + 3 * x;
            const int noise = int(rng() % 64);
            p[0] = uint8_t((index * 20) % 160 + noise);
            p[1] = uint8_t((x + y) % 64 + noise);
            p[2] = uint8_t(200 - noise);
        }
    return img;
}

double meanRed(const Image& img)
{
    double s = 0;
    for (size_t i = 0; i < img.rgb.size(); i += 3)
        s += img.rgb[i];
    return s / double(img.rgb.size() / 3);
}

int sessionCount(const fs::path& dir)
{
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        n += e.path().filename().string().rfind("session-", 0) == 0 ? 1 : 0;
    return n;
}

} // namespace

class TestFrameCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void randomAccessAnyOrder()
    {
        QTemporaryDir dir;
        FrameCache cache({.dir = dir.path().toStdString()});
        const auto job = cache.beginJob(6);
        for (int i : {3, 0, 1, 5, 2})
            QVERIFY(cache.put(job, i, frame(i)));
        QCOMPARE(cache.contiguousFrames(job), int64_t(4)); // 0..3; 4 is missing
        QVERIFY(!cache.has(job, 4));
        Image out;
        QVERIFY(!cache.get(job, 4, out));
        QVERIFY(!cache.get(job, 99, out));
        QVERIFY(!cache.get(job + 1, 0, out));
        for (int i : {5, 0, 3, 1, 2}) {
            QVERIFY(cache.get(job, i, out));
            QCOMPARE(out.width, 128);
            QCOMPARE(out.height, 96);
            QVERIFY2(std::abs(meanRed(out) - meanRed(frame(i))) < 3.0, qPrintable(QString::number(i)));
        }
        // Reduced decoding for thumbnails: a quarter of the size, same picture.
        QVERIFY(cache.get(job, 5, out, 4));
        QCOMPARE(out.width, 32);
        QCOMPARE(out.height, 24);
        QVERIFY(std::abs(meanRed(out) - meanRed(frame(5))) < 3.0);
        // Replacing a frame keeps the count and returns the new picture.
        QVERIFY(cache.put(job, 2, frame(7)));
        QCOMPARE(cache.status(job).frames_stored, int64_t(5));
        QVERIFY(cache.get(job, 2, out));
        QVERIFY(std::abs(meanRed(out) - meanRed(frame(7))) < 3.0);
        QVERIFY(cache.bytesUsed() > 0);
        QCOMPARE(cache.status(job).quality, 90);
        QVERIFY(!cache.status(job).reduced);
    }

    void capEvictsOldestJobsWhole()
    {
        QTemporaryDir dir;
        // Measure one frame, then allow about 25 of them.
        int64_t one = 0;
        {
            FrameCache probe({.dir = dir.path().toStdString()});
            const auto j = probe.beginJob();
            QVERIFY(probe.put(j, 0, frame(0)));
            one = probe.bytesUsed();
        }
        FrameCache cache({.dir = dir.path().toStdString(), .max_bytes = one * 25});
        const auto a = cache.beginJob(10);
        const auto b = cache.beginJob(10);
        for (int i = 0; i < 10; ++i)
            QVERIFY(cache.put(a, i, frame(i)));
        for (int i = 0; i < 10; ++i)
            QVERIFY(cache.put(b, i, frame(i)));
        QVERIFY(!cache.status(a).evicted);
        const auto c = cache.beginJob(10);
        for (int i = 0; i < 10; ++i)
            QVERIFY(cache.put(c, i, frame(i)));
        // The oldest job made room, entirely; the others are untouched.
        QVERIFY(cache.status(a).evicted);
        QCOMPARE(cache.contiguousFrames(a), int64_t(0));
        Image out;
        QVERIFY(!cache.get(a, 0, out));
        QCOMPARE(cache.contiguousFrames(b), int64_t(10));
        QCOMPARE(cache.contiguousFrames(c), int64_t(10));
        QVERIFY(cache.bytesUsed() <= cache.maxBytes());
        QVERIFY(!cache.put(a, 0, frame(0))); // an evicted job takes nothing more
    }

    void singleJobBeyondCapReducesQualityThenRefuses()
    {
        QTemporaryDir dir;
        int64_t one = 0;
        {
            FrameCache probe({.dir = dir.path().toStdString()});
            const auto j = probe.beginJob();
            QVERIFY(probe.put(j, 0, frame(0)));
            one = probe.bytesUsed();
        }
        // 40 frames at full quality need ~40 units; the cap is 20: the quality must drop.
        {
            FrameCache cache({.dir = dir.path().toStdString(), .max_bytes = one * 20});
            const auto job = cache.beginJob(40);
            int stored = 0;
            for (int i = 0; i < 40; ++i)
                stored += cache.put(job, i, frame(i)) ? 1 : 0;
            const FrameCacheJobStatus st = cache.status(job);
            QVERIFY(st.reduced);
            QVERIFY(st.quality < 90);
            QVERIFY(cache.bytesUsed() <= cache.maxBytes());
            QCOMPARE(int64_t(stored), st.frames_stored);
            QVERIFY2(stored == 40 || st.truncated, qPrintable(QString::number(stored)));
        }
        // A cap below what even the lowest quality needs: frames are refused cleanly, the stored ones stay.
        {
            FrameCache cache({.dir = dir.path().toStdString(), .max_bytes = one * 3});
            const auto job = cache.beginJob(0); // unknown length: no projection, refusal at the cap
            int stored = 0;
            for (int i = 0; i < 40; ++i)
                stored += cache.put(job, i, frame(i)) ? 1 : 0;
            QVERIFY(stored >= 1 && stored < 40);
            QVERIFY(cache.status(job).truncated);
            QVERIFY(cache.bytesUsed() <= cache.maxBytes());
            QCOMPARE(cache.contiguousFrames(job), int64_t(stored));
            Image out;
            QVERIFY(cache.get(job, stored - 1, out));
            QVERIFY(!cache.put(job, 39, frame(39)));
        }
    }

    void sessionFolderRemovedOnDestruction()
    {
        QTemporaryDir dir;
        fs::path session;
        {
            FrameCache cache({.dir = dir.path().toStdString()});
            session = cache.sessionDir();
            QVERIFY(fs::is_directory(session));
            const auto job = cache.beginJob();
            QVERIFY(cache.put(job, 0, frame(0)));
            // Two caches side by side (two windows) never delete each other's live session.
            FrameCache other({.dir = dir.path().toStdString()});
            QVERIFY(fs::is_directory(session));
            Image out;
            QVERIFY(cache.get(job, 0, out));
            QCOMPARE(sessionCount(dir.path().toStdString()), 2);
        }
        QVERIFY(!fs::exists(session));
        QCOMPARE(sessionCount(dir.path().toStdString()), 0);
    }

    void staleSessionOfDeadProcessRemovedOnStart()
    {
        QTemporaryDir dir;
        // A session whose owner died: its lock file exists but nobody holds the flock.
        const fs::path dead = fs::path(dir.path().toStdString()) / "session-deadbeef";
        fs::create_directories(dead);
        { QFile f(QString::fromStdString((dead / "lock").string())); QVERIFY(f.open(QIODevice::WriteOnly)); }
        { QFile f(QString::fromStdString((dead / "job-1.jpgs").string())); QVERIFY(f.open(QIODevice::WriteOnly)); f.write("x"); }
        // A folder that died before creating its lock, and an unrelated folder that must be left alone.
        fs::create_directories(fs::path(dir.path().toStdString()) / "session-0badf00d");
        fs::create_directories(fs::path(dir.path().toStdString()) / "keep-me");
        {
            FrameCache cache({.dir = dir.path().toStdString()});
            QVERIFY(!fs::exists(dead));
            QVERIFY(!fs::exists(fs::path(dir.path().toStdString()) / "session-0badf00d"));
            QVERIFY(fs::exists(fs::path(dir.path().toStdString()) / "keep-me"));
            QCOMPARE(sessionCount(dir.path().toStdString()), 1);
        }
        QVERIFY(fs::exists(fs::path(dir.path().toStdString()) / "keep-me"));
    }

    void killedProcessLeavesFolderThatIsCleanedNextStart()
    {
        // A real crash: a child process (flock held) killed with SIGKILL leaves its session behind.
        QTemporaryDir dir;
        const QString lock = dir.filePath(QStringLiteral("session-c0ffee00/lock"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("session-c0ffee00"))));
        QProcess child;
        // -o: only flock itself holds the lock, not the sleep it runs (which outlives the kill briefly).
        child.start(QStringLiteral("flock"), {QStringLiteral("-x"), QStringLiteral("-o"), lock, QStringLiteral("sleep"), QStringLiteral("20")});
        QVERIFY2(child.waitForStarted(), "flock(1) from util-linux is needed");
        QTRY_VERIFY(QFileInfo::exists(lock));
        QTest::qWait(200); // let flock take the lock
        {
            FrameCache cache({.dir = dir.path().toStdString()});
            QVERIFY(QFileInfo::exists(lock)); // owner alive: kept
        }
        child.kill();
        child.waitForFinished();
        FrameCache cache({.dir = dir.path().toStdString()});
        QVERIFY(!QFileInfo::exists(lock)); // owner dead: removed
    }

    void unwritableFolderIsAClearError()
    {
        try {
            FrameCache cache({.dir = "/proc/emote-cannot-be-here"});
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Output);
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("emote-cannot-be-here")), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestFrameCache)
#include "test_frame_cache.moc"
