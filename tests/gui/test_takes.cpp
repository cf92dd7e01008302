// Takes, offscreen: every Generate writes a new file (never over the user's or an earlier take), the project
// lists the takes and shows them again when reopened, rename / delete / open work or say why not, and a failed
// or cancelled run leaves the last good take on the timeline.
#include "test_support.h"
#include "ui/consent_store.h"
#include "ui/generation_worker.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/settings_panel.h"
#include "ui/take_list.h"
#include "ui/timeline_view.h"

#include <QCryptographicHash>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using emote::ui::MainWindow;
using emote::ui::TakeList;
using Choice = emote::ui::ProjectController::SaveChoice;

namespace {

QString sample(const char* name) { return emote::test::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(name); }

QByteArray sha(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

emote::GenerationSettings stillSettings()
{
    emote::GenerationSettings s;
    s.engine = emote::EngineKind::Still;
    s.size = 128;
    s.fps = 10;
    s.seed = 77;
    return s;
}

// Receives QDesktopServices::openUrl calls for file: URLs, instead of a real desktop.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl& url) { urls << url; }
};

} // namespace

class TestTakes : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_work;
    QString m_audio; // 1.5 s tone
    QString m_long;  // 20 s tone

    void prepare(MainWindow& w)
    {
        w.projects()->setSavePrompt([](const QString&) { return Choice::Discard; });
        w.takeList()->setDeletePrompt([](const QString&) { return true; });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.settingsPanel()->setSettings(stillSettings());
    }

    bool generateOnce(MainWindow& w, QString* path)
    {
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        QSignalSpy failed(&w, &MainWindow::generationFailed);
        w.generate();
        if (!QTest::qWaitFor([&] { return finished.count() + failed.count() > 0; }, 120000))
            return false;
        if (!failed.isEmpty()) {
            qWarning("generation failed: %s", qPrintable(failed.at(0).at(0).toString()));
            return false;
        }
        *path = finished.at(0).at(0).toString();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_work.isValid());
        // The trash and every QSettings() of the app stay inside the test's folders.
        QVERIFY(QDir().mkpath(m_work.filePath(QStringLiteral("xdg-data"))));
        qputenv("XDG_DATA_HOME", m_work.filePath(QStringLiteral("xdg-data")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-takes-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QString why;
        m_audio = emote::test::makeTone(m_work.path(), QStringLiteral("song.wav"), 1.5, 16000, 1, &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
        m_long = emote::test::makeTone(m_work.path(), QStringLiteral("long.wav"), 20.0, 16000, 1, &why);
        QVERIFY2(!m_long.isEmpty(), qPrintable(why));
    }

    void init()
    {
        QSettings().clear();
        emote::ui::ConsentStore().record(sample("astronaut.png")); // and its copies: the same photo
    }

    void nextTakeNames()
    {
        QTemporaryDir dir;
        const QString base = dir.filePath(QStringLiteral("song.mp4"));
        QCOMPARE(TakeList::nextTakePath(base, {}), base);
        QFile(base).open(QIODevice::WriteOnly);
        QCOMPARE(TakeList::nextTakePath(base, {}), dir.filePath(QStringLiteral("song-take2.mp4")));
        // A listed take, a manifest left alone and a "-takeN" base all count.
        const QString t2 = dir.filePath(QStringLiteral("song-take2.mp4"));
        QFile(dir.filePath(QStringLiteral("song-take3.mp4.json"))).open(QIODevice::WriteOnly);
        QCOMPARE(TakeList::nextTakePath(base, {t2}), dir.filePath(QStringLiteral("song-take4.mp4")));
        QCOMPARE(TakeList::nextTakePath(t2, {t2}), dir.filePath(QStringLiteral("song-take4.mp4")));
        QCOMPARE(TakeList::nextTakePath(QString(), {}), QString());
    }

    void generateNeverOverwrites()
    {
        MainWindow w;
        prepare(w);
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.loadAudio(m_audio));
        // The user's own file sits where the output points: it must survive every Generate.
        const QString base = m_work.filePath(QStringLiteral("mine.mp4"));
        QFile mine(base);
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("the user's own video");
        mine.close();
        const QByteArray mine_hash = sha(base);
        w.setOutputPath(base);
        QCOMPARE(w.nextTakePath(), m_work.filePath(QStringLiteral("mine-take2.mp4")));

        QString first, second;
        QVERIFY(generateOnce(w, &first));
        QCOMPARE(first, m_work.filePath(QStringLiteral("mine-take2.mp4")));
        const QByteArray first_hash = sha(first);
        QVERIFY(!first_hash.isEmpty());
        QVERIFY(generateOnce(w, &second));
        QCOMPARE(second, m_work.filePath(QStringLiteral("mine-take3.mp4")));
        QCOMPARE(sha(base), mine_hash);
        QCOMPARE(sha(first), first_hash);

        // Both takes are listed, newest on top, with engine and seed; the newest plays on the timeline.
        TakeList* takes = w.takeList();
        QCOMPARE(takes->count(), 2);
        QCOMPARE(takes->paths(), QStringList({first, second}));
        QVERIFY(takes->list()->item(0)->text().contains(QStringLiteral("mine-take3.mp4")));
        QVERIFY(takes->list()->item(0)->text().contains(QStringLiteral("seed 77")));
        QVERIFY(takes->list()->item(0)->text().contains(QStringLiteral("Still")));
        QTRY_VERIFY(!takes->list()->item(0)->icon().isNull()); // a thumbnail from the file, decoded aside
        QCOMPARE(w.shownTake(), second);
        QCOMPARE(w.timeline()->availableFrames(), qint64(15));
        QVERIFY2(takes->nextPathText().contains(QStringLiteral("mine-take4.mp4")), qPrintable(takes->nextPathText()));
        QVERIFY(w.projects()->isDirty());

        // A different portrait and audio: still a new file, nothing replaced.
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QString third;
        QVERIFY(generateOnce(w, &third));
        QCOMPARE(third, m_work.filePath(QStringLiteral("mine-take4.mp4")));
        QCOMPARE(sha(first), first_hash);
    }

    void cancelAndFailureKeepLastTake()
    {
        MainWindow w;
        prepare(w);
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.loadAudio(m_long));
        w.setOutputPath(m_work.filePath(QStringLiteral("keep.mp4")));
        QString good;
        QVERIFY(generateOnce(w, &good));
        QCOMPARE(w.timeline()->availableFrames(), qint64(200));
        QCOMPARE(w.shownTake(), good);

        // Cancelled: the new frames go, the good take comes back on the timeline.
        auto live = stillSettings();
        live.engine = emote::EngineKind::Live;
        live.size = 256;
        w.settingsPanel()->setSettings(live);
        QSignalSpy frames(w.worker(), &emote::ui::GenerationWorker::frameReady);
        QSignalSpy cancelled(&w, &MainWindow::generationCancelled);
        w.generate();
        QVERIFY(w.isGenerating());
        QCOMPARE(w.shownTake(), QString()); // the run streams into the timeline meanwhile
        QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty(), 120000);
        w.cancelGeneration();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
        QCOMPARE(w.shownTake(), good);
        QCOMPARE(w.timeline()->availableFrames(), qint64(200));
        QCOMPARE(w.takeList()->count(), 1);
        QVERIFY(QFileInfo::exists(good));

        // Failed (the photo vanished after loading): the same.
        const QString photo = m_work.filePath(QStringLiteral("vanishing.png"));
        QFile::remove(photo);
        QVERIFY(QFile::copy(sample("astronaut.png"), photo));
        QVERIFY(w.loadPortrait(photo));
        QVERIFY(QFile::remove(photo));
        w.settingsPanel()->setSettings(stillSettings());
        QSignalSpy failed(&w, &MainWindow::generationFailed);
        w.generate();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QCOMPARE(w.shownTake(), good);
        QCOMPARE(w.timeline()->availableFrames(), qint64(200));
        QCOMPARE(w.takeList()->count(), 1);
    }

    void reopenedProjectShowsItsTakes()
    {
        const QString project = m_work.filePath(QStringLiteral("takes.emote"));
        QString a, b;
        {
            MainWindow w;
            prepare(w);
            QVERIFY(w.loadPortrait(sample("astronaut.png")));
            QVERIFY(w.loadAudio(m_audio));
            w.setOutputPath(m_work.filePath(QStringLiteral("reopen.mp4")));
            QVERIFY(generateOnce(w, &a));
            auto s = stillSettings();
            s.seed = 5;
            w.settingsPanel()->setSettings(s);
            QVERIFY(generateOnce(w, &b));
            QVERIFY(w.projects()->saveAs(project));
        }
        MainWindow w;
        prepare(w);
        QSignalSpy shown(&w, &MainWindow::takeShown);
        QVERIFY(w.projects()->openProject(project));
        QCOMPARE(w.takeList()->paths(), QStringList({a, b}));
        QCOMPARE(w.takeList()->takes().at(1).settings.seed, uint64_t(5));
        QCOMPARE(w.takeList()->takes().at(0).settings.seed, uint64_t(77));
        QVERIFY(!w.takeList()->takes().at(1).created_utc.empty());
        // The newest take is decoded from its file onto the timeline.
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QCOMPARE(shown.at(0).at(0).toString(), b);
        QCOMPARE(w.timeline()->availableFrames(), qint64(15));
        QVERIFY(!w.projects()->isDirty());

        // Play the older one.
        w.takeList()->select(a);
        w.takeList()->playButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 60000);
        QCOMPARE(w.shownTake(), a);
        QVERIFY(w.takeList()->list()->currentItem()->text().startsWith(QStringLiteral("▶")));

        // A take whose file is gone is still listed, marked missing, and cannot be played.
        QVERIFY(QFile::rename(b, b + QStringLiteral(".moved")));
        w.takeList()->setTakes(w.takeList()->takes());
        w.takeList()->select(b);
        QVERIFY(w.takeList()->list()->currentItem()->text().contains(QStringLiteral("missing")));
        QVERIFY(!w.takeList()->playButton()->isEnabled());
        QVERIFY(QFile::rename(b + QStringLiteral(".moved"), b));
    }

    void renameDeleteOpen()
    {
        MainWindow w;
        prepare(w);
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.loadAudio(m_audio));
        w.setOutputPath(m_work.filePath(QStringLiteral("edit.mp4")));
        QString a, b;
        QVERIFY(generateOnce(w, &a));
        QVERIFY(generateOnce(w, &b));
        TakeList* takes = w.takeList();

        // Rename onto an existing file: refused, in words, nothing moved.
        QString answer = QFileInfo(b).fileName();
        takes->setRenamePrompt([&](const QString&) { return answer; });
        takes->select(a);
        QVERIFY(!takes->renameSelected());
        QVERIFY(takes->statusText().contains(QStringLiteral("already exists")));
        QVERIFY(QFileInfo::exists(a) && QFileInfo::exists(b));
        // A good name: the file and its manifest move, the list follows, the project is dirty.
        answer = QStringLiteral("best take");
        QVERIFY(takes->renameSelected());
        const QString renamed = m_work.filePath(QStringLiteral("best take.mp4"));
        QVERIFY(QFileInfo::exists(renamed));
        QVERIFY(!QFileInfo::exists(a));
        QCOMPARE(QFileInfo::exists(renamed + QStringLiteral(".json")), true);
        QCOMPARE(takes->paths(), QStringList({renamed, b}));
        QCOMPARE(w.projects()->snapshot().takes.at(0).path.string(), renamed.toStdString());

        // Open goes to the desktop (caught here) and says what happened.
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        takes->select(b);
        QVERIFY(takes->openSelected());
        QCOMPARE(catcher.urls.size(), 1);
        QCOMPARE(catcher.urls.at(0).toLocalFile(), b);
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));

        // Delete asks first; "no" keeps everything.
        takes->setDeletePrompt([](const QString&) { return false; });
        QVERIFY(!takes->deleteSelected());
        QVERIFY(QFileInfo::exists(b));
        takes->setDeletePrompt([](const QString&) { return true; });
        QVERIFY(takes->deleteSelected());
        QVERIFY(!QFileInfo::exists(b));
        const QStringList trashed = QDir(m_work.filePath(QStringLiteral("xdg-data/Trash/files"))).entryList(QDir::Files);
        QVERIFY2(trashed.contains(QFileInfo(b).fileName()), qPrintable(trashed.join(QLatin1Char(','))));
        QCOMPARE(takes->paths(), QStringList({renamed}));
        QVERIFY(takes->statusText().contains(QStringLiteral("trash")));
        // Deleting the take on the timeline empties the timeline.
        QCOMPARE(w.timeline()->availableFrames(), qint64(0));
    }
};

QTEST_MAIN(TestTakes)
#include "test_takes.moc"
