// Projects, export and the newer settings in the desktop app, offscreen: settings and inputs round-trip through
// a project file, the recent list forgets missing files, autosave writes a recovery file that a later start
// restores, the unsaved-changes question guards close / new / open, the export dialog starts from the project,
// names its sizes by pixels and writes a real MP4 without touching the project or the stored settings, and the
// model-package picker judges folders.
#include "core/engine/project.h"
#include "test_support.h"
#include "ui/consent_store.h"
#include "ui/desktop_open.h"
#include "ui/drop_zone.h"
#include "ui/export_dialog.h"
#include "ui/face_crop_view.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/recent_folders.h"
#include "ui/settings_panel.h"
#include "ui/take_list.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using emote::ui::ExportDialog;
using emote::ui::MainWindow;
using emote::ui::ProjectController;
using Choice = ProjectController::SaveChoice;

namespace {

// Receives QDesktopServices::openUrl calls for file: URLs, instead of a real desktop.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl& url) { urls << url; }
};

QString sample(const char* name) { return emote::test::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(name); }

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Settings with every field the panel shows and every field it only carries away from the defaults.
emote::GenerationSettings unusualSettings(const QString& model_dir)
{
    emote::GenerationSettings s;
    s.engine = emote::EngineKind::Still;
    s.size = 384;
    s.aspect = 4.0 / 5.0;
    s.fps = 30;
    s.seed = 4242;
    s.motion_speed = 0.4;
    s.expression = 1.6;
    s.emotion = "surprised";
    s.emotion_intensity = 0.85;
    s.blink = false;
    s.crf = 26;
    s.steps = 12;
    s.guidance = 5.5;
    s.model_path = model_dir.toStdString();
    s.watermark = false;
    s.visible_label = true;
    s.face_index = 0; // the sample photo has one face
    s.crop_x = 12;
    s.crop_y = 34;
    s.crop_w = 200;
    s.crop_h = 250;
    s.phonemes = "spectral";
    s.preset = "fast";
    return s;
}

void compareSettings(const emote::GenerationSettings& a, const emote::GenerationSettings& b)
{
    QCOMPARE(int(a.engine), int(b.engine));
    QCOMPARE(a.size, b.size);
    QVERIFY(std::abs(a.aspect - b.aspect) < 1e-9);
    QCOMPARE(a.fps, b.fps);
    QCOMPARE(a.seed, b.seed);
    QVERIFY(std::abs(a.motion_speed - b.motion_speed) < 1e-9);
    QVERIFY(std::abs(a.expression - b.expression) < 1e-9);
    QCOMPARE(a.emotion, b.emotion);
    QVERIFY(std::abs(a.emotion_intensity - b.emotion_intensity) < 1e-9);
    QCOMPARE(a.blink, b.blink);
    QCOMPARE(a.crf, b.crf);
    QCOMPARE(a.steps, b.steps);
    QVERIFY(std::abs(a.guidance - b.guidance) < 1e-9);
    QCOMPARE(a.model_path, b.model_path);
    QCOMPARE(a.watermark, b.watermark);
    QCOMPARE(a.visible_label, b.visible_label);
    QCOMPARE(a.face_index, b.face_index);
    QCOMPARE(a.crop_x, b.crop_x);
    QCOMPARE(a.crop_y, b.crop_y);
    QCOMPARE(a.crop_w, b.crop_w);
    QCOMPARE(a.crop_h, b.crop_h);
    QCOMPARE(a.phonemes, b.phonemes);
    QCOMPARE(a.preset, b.preset);
}

} // namespace

class TestProjects : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_work;
    QString m_audio; // 1.5 s tone

    QString path(const QString& name) const { return m_work.filePath(name); }

    // A window whose questions are answered by the test, never by a dialog.
    void quiet(MainWindow& w, Choice answer = Choice::Discard)
    {
        w.projects()->setSavePrompt([answer](const QString&) { return answer; });
        w.projects()->setRestorePrompt([](const QDateTime&) { return false; });
        w.projects()->setRecoveryDir(path(QStringLiteral("recovery")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_work.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-projects-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QString why;
        m_audio = emote::test::makeTone(m_work.path(), QStringLiteral("tone.wav"), 1.5, 16000, 1, &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
        QVERIFY(QFile::copy(sample("astronaut.png"), path(QStringLiteral("face.png"))));
    }

    void init() { QSettings().clear(); }

    void settingsRoundTripThroughProjectFile()
    {
        const QString file = path(QStringLiteral("round.emote"));
        const emote::GenerationSettings s = unusualSettings(path(QStringLiteral("model")));
        {
            MainWindow w;
            quiet(w);
            QVERIFY(!w.projects()->isDirty());
            w.settingsPanel()->setSettings(s);
            QVERIFY(w.loadPortrait(path(QStringLiteral("face.png"))));
            w.faceCropView()->restoreFrom(s); // the crop and face as the user would set them in the crop view
            QVERIFY(w.loadAudio(m_audio));
            w.setOutputPath(path(QStringLiteral("round.mp4")));
            QVERIFY(w.projects()->isDirty());
            QVERIFY(w.windowTitle().contains(QStringLiteral("Untitled")));
            QVERIFY(w.projects()->saveAs(file));
            QVERIFY(!w.projects()->isDirty());
            QVERIFY(w.windowTitle().contains(QStringLiteral("round.emote")));
        }
        MainWindow w;
        quiet(w);
        QSignalSpy changed(w.projects(), &ProjectController::projectChanged);
        QVERIFY(w.projects()->openProject(file));
        QCOMPARE(changed.count(), 1);
        QVERIFY(w.projects()->lastIssues().empty());
        QVERIFY(!w.projects()->isDirty()); // opening is not a change
        QCOMPARE(w.portraitPath(), path(QStringLiteral("face.png")));
        QCOMPARE(w.audioPath(), m_audio);
        QCOMPARE(w.outputPath(), path(QStringLiteral("round.mp4")));
        compareSettings(w.settingsPanel()->settings(), s);
        emote::GenerationSettings shown = w.settingsPanel()->settings();
        w.faceCropView()->applyTo(shown); // the crop view shows the project's crop and face choice
        compareSettings(shown, s);
        // Dropping the project file on a window opens it too.
        MainWindow dropped;
        quiet(dropped);
        QCOMPARE(dropped.openFiles({file}), 1);
        QCOMPARE(dropped.projects()->projectFile(), file);
        QCOMPARE(dropped.audioPath(), m_audio);
        // Touching a setting makes the project dirty again.
        w.settingsPanel()->findChild<QSpinBox*>(QStringLiteral("fps"))->setValue(12);
        QVERIFY(w.projects()->isDirty());
    }

    void missingInputFlaggedOnOpen()
    {
        const QString gone = path(QStringLiteral("gone.wav"));
        QVERIFY(QFile::copy(m_audio, gone));
        const QString file = path(QStringLiteral("missing.emote"));
        {
            MainWindow w;
            quiet(w);
            QVERIFY(w.loadAudio(gone));
            QVERIFY(w.projects()->saveAs(file));
        }
        QVERIFY(QFile::remove(gone));
        MainWindow w;
        quiet(w);
        QSignalSpy errors(w.projects(), &ProjectController::projectError);
        QVERIFY(w.projects()->openProject(file)); // opens anyway
        QCOMPARE(w.projects()->lastIssues().size(), size_t(1));
        QVERIFY(w.audioZone()->isError());
        QVERIFY(w.audioZone()->message().contains(QStringLiteral("gone.wav")));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains(QStringLiteral("gone.wav")));
        // Saving keeps the missing input named, so putting the file back later works.
        QVERIFY(w.projects()->saveAs(file));
        const emote::Project p = emote::readProject(file.toStdString()).project;
        QCOMPARE(QString::fromStdString(p.audio.path.string()), gone);
    }

    void brokenProjectReported()
    {
        const QString file = path(QStringLiteral("broken.emote"));
        writeFile(file, R"({"format":"emote-project","version":1,"settings":{"fps":true}})");
        MainWindow w;
        quiet(w);
        QSignalSpy errors(w.projects(), &ProjectController::projectError);
        QVERIFY(!w.projects()->openProject(file));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains(QStringLiteral("settings.fps")));
        QVERIFY(w.projects()->projectFile().isEmpty());
    }

    void recentListKeepsExistingNewestFirst()
    {
        QStringList made;
        for (int i = 0; i < 12; ++i) {
            const QString f = path(QStringLiteral("recent%1.emote").arg(i));
            writeFile(f, "{}");
            ProjectController::addRecentProject(f);
            made << f;
        }
        QStringList recent = ProjectController::recentProjects();
        QCOMPARE(recent.size(), ProjectController::kMaxRecent);
        QCOMPARE(recent.front(), made.back());
        ProjectController::addRecentProject(made[5]); // reopened: moves to the top, no duplicate
        recent = ProjectController::recentProjects();
        QCOMPARE(recent.front(), made[5]);
        QCOMPARE(recent.count(made[5]), 1);
        QVERIFY(QFile::remove(made[11]));
        recent = ProjectController::recentProjects();
        QVERIFY(!recent.contains(made[11]));
        QVERIFY(!QSettings().value(QStringLiteral("projects/recent")).toStringList().contains(made[11]));
        // The menu lists them.
        MainWindow w;
        quiet(w);
        auto* menu = w.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        QMetaObject::invokeMethod(menu, "aboutToShow");
        QVERIFY(menu->actions().size() >= recent.size());
        QVERIFY(menu->actions().front()->text().contains(QFileInfo(made[5]).fileName()));
    }

    void autosaveAndCrashRecovery()
    {
        const QString dir = path(QStringLiteral("recovery"));
        QDir(dir).removeRecursively();
        const emote::GenerationSettings s = unusualSettings(QString());
        QString own;
        {
            MainWindow w;
            quiet(w);
            QVERIFY(!w.projects()->autosave()); // nothing changed, nothing written
            w.settingsPanel()->setSettings(s);
            QVERIFY(w.loadAudio(m_audio));
            QVERIFY(w.projects()->autosave());
            own = w.projects()->recoveryFile();
            QVERIFY(QFile::exists(own));
            QVERIFY(w.projects()->orphanedRecoveryFiles().isEmpty()); // our own is not an orphan
            // Named by PID and start time: a crashed process whose PID this one got again is still an orphan.
            const QString same_pid = QDir(dir).filePath(QStringLiteral("%1-1.emote").arg(QCoreApplication::applicationPid()));
            QVERIFY(QFile::copy(own, same_pid));
            QCOMPARE(w.projects()->orphanedRecoveryFiles(), QStringList({QFileInfo(same_pid).absoluteFilePath()}));
            QVERIFY(QFile::remove(same_pid));
            // A crash: the process is gone and its file stays. Simulated by a file named after no process.
            QVERIFY(QFile::copy(own, QDir(dir).filePath(QStringLiteral("999999999.emote"))));
            QVERIFY(w.close()); // a clean exit removes its own file
            QVERIFY(!QFile::exists(own));
        }
        {
            MainWindow w;
            quiet(w);
            QStringList asked;
            w.projects()->setRestorePrompt([&asked](const QDateTime& when) {
                asked << when.toString();
                return true;
            });
            QCOMPARE(w.projects()->orphanedRecoveryFiles().size(), 1);
            QVERIFY(w.projects()->offerRecovery());
            QCOMPARE(asked.size(), 1);
            compareSettings(w.settingsPanel()->settings(), s);
            QCOMPARE(w.audioPath(), m_audio);
            QVERIFY(w.projects()->isDirty()); // restored work is unsaved work
            QVERIFY(w.projects()->orphanedRecoveryFiles().isEmpty());
            QVERIFY(QFile::exists(w.projects()->recoveryFile())); // already protected again
            QVERIFY(!w.projects()->offerRecovery());             // asked once only
            w.projects()->setSavePrompt([](const QString&) { return Choice::Discard; });
            QVERIFY(w.close());
        }
        // Declined: the orphan goes and nothing is applied.
        writeFile(QDir(dir).filePath(QStringLiteral("999999998.emote")),
                  R"({"format":"emote-project","version":1,"settings":{"fps":7}})");
        MainWindow w;
        quiet(w);
        QVERIFY(!w.projects()->offerRecovery());
        QVERIFY(w.settingsPanel()->settings().fps != 7);
        QVERIFY(w.projects()->orphanedRecoveryFiles().isEmpty());
    }

    void unsavedChangesPrompt()
    {
        MainWindow w;
        quiet(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        int asked = 0;
        Choice answer = Choice::Cancel;
        w.projects()->setSavePrompt([&](const QString&) {
            ++asked;
            return answer;
        });
        // Clean: no question.
        QVERIFY(w.projects()->newProject());
        QCOMPARE(asked, 0);
        QVERIFY(w.loadAudio(m_audio));
        // Cancel keeps everything: close refused, New and Open do nothing.
        QVERIFY(!w.close());
        QVERIFY(w.isVisible());
        QVERIFY(!w.projects()->newProject());
        QVERIFY(!w.projects()->openProject(path(QStringLiteral("round.emote"))));
        QCOMPARE(w.audioPath(), m_audio);
        QCOMPARE(asked, 3);
        // Save with no file yet asks where (Save As); cancelling that dialog also cancels.
        answer = Choice::Save;
        w.projects()->setFileChooser([](ProjectController::FileChoice) { return QString(); });
        QVERIFY(!w.projects()->newProject());
        QCOMPARE(w.audioPath(), m_audio);
        const QString file = path(QStringLiteral("prompted"));
        w.projects()->setFileChooser([file](ProjectController::FileChoice) { return file; });
        QVERIFY(w.projects()->newProject());
        QVERIFY(QFile::exists(file + QStringLiteral(".emote"))); // extension added
        QVERIFY(w.audioPath().isEmpty());                          // New cleared the inputs
        QVERIFY(!w.projects()->isDirty());
        // Discard goes on without saving.
        QVERIFY(w.loadAudio(m_audio));
        answer = Choice::Discard;
        const int before = asked;
        QVERIFY(w.close());
        QCOMPARE(asked, before + 1);
    }

    void exportPresetsNamedByPixelsStartFromProject()
    {
        // A vertical project with the label off: the dialog starts there, not at some wide default.
        emote::GenerationSettings base;
        base.size = 1280;
        base.aspect = 9.0 / 16.0;
        base.crf = 20;
        base.visible_label = false;
        ExportDialog d(base, path(QStringLiteral("clip")));
        QCOMPARE(d.outputPath(), path(QStringLiteral("clip.mp4")));
        QCOMPARE(d.presetId(), QStringLiteral("project"));
        auto* combo = d.findChild<QComboBox*>(QStringLiteral("exportPreset"));
        QVERIFY(combo->currentText().contains(QStringLiteral("720×1280")));
        QCOMPARE(d.settings().size, 1280);
        QCOMPARE(d.settings().aspect, 9.0 / 16.0);
        QCOMPARE(d.settings().crf, 20);
        QVERIFY(!d.labelBox()->isChecked());
        // Every other preset is named by the pixels it makes, and makes them.
        QVERIFY(ExportDialog::presets().size() >= 7);
        for (const emote::ui::ExportPreset& p : ExportDialog::presets()) {
            if (p.id == QLatin1String("project"))
                continue;
            d.selectPreset(p.id);
            QCOMPARE(d.presetId(), p.id);
            const emote::GenerationSettings s = d.settings();
            int w = 0, h = 0;
            s.outputSize(1000, 1000, w, h);
            const QString pixels = QStringLiteral("%1x%2").arg(w).arg(h);
            QCOMPARE(p.id, pixels);
            QVERIFY2(combo->currentText().startsWith(QStringLiteral("%1×%2").arg(w).arg(h)), qPrintable(combo->currentText()));
            QVERIFY(!s.visible_label); // the label stays as the project has it
        }
        d.selectPreset(QStringLiteral("1080x1920"));
        QCOMPARE(d.settings().size, 1920);
        // The user may still switch the label on and set the quality, in the dialog only.
        d.labelBox()->setChecked(true);
        d.qualityBox()->setValue(28);
        QCOMPARE(d.settings().visible_label, true);
        QCOMPARE(d.settings().crf, 28);
        QVERIFY(!d.openFolderButton()->isVisibleTo(&d));
        // A crop 400 px tall: enlarged 4.8× at 1080×1920, said under the format; 1.8× at 1280×720, nothing said.
        d.setCropSize(QSizeF(400, 400));
        d.selectPreset(QStringLiteral("1080x1920"));
        QVERIFY2(d.sizeNote().contains(QStringLiteral("4.8×")), qPrintable(d.sizeNote()));
        d.selectPreset(QStringLiteral("1280x720"));
        QCOMPARE(d.sizeNote(), QString());
    }

    void exportIsACopyWithItsOwnSettings()
    {
        emote::ui::ConsentStore().record(path(QStringLiteral("face.png"))); // asked once per photo
        MainWindow w;
        quiet(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        emote::GenerationSettings s;
        s.engine = emote::EngineKind::Still;
        s.fps = 10;
        s.size = 512;
        s.aspect = 1.0;
        s.visible_label = false;
        w.settingsPanel()->setSettings(s);
        QVERIFY(w.loadPortrait(path(QStringLiteral("face.png"))));
        QVERIFY(w.loadAudio(m_audio));
        const QString project_out = path(QStringLiteral("project-take.mp4"));
        w.setOutputPath(project_out);
        const emote::Project before = w.projects()->snapshot();
        QSettings store;
        w.settingsPanel()->save(store);
        const QVariant stored_size = store.value(QStringLiteral("generation/size"));

        ExportDialog* d = w.openExport();
        QVERIFY(d && d->isVisible());
        QCOMPARE(d->presetId(), QStringLiteral("project"));
        QVERIFY(!d->labelBox()->isChecked());
        const QString out = path(QStringLiteral("exported.mp4"));
        d->setOutputPath(out);
        d->selectPreset(QStringLiteral("1280x720"));
        d->labelBox()->setChecked(true);
        QSignalSpy done(&w, &MainWindow::generationFinished);
        d->exportButton()->click();
        QVERIFY(w.isGenerating());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        QTRY_VERIFY(d->openFolderButton()->isVisible());
        QCOMPARE(done.at(0).at(0).toString(), out);
        const QJsonObject probe = emote::test::ffprobe(out);
        bool video = false;
        for (const auto& st : probe.value(QStringLiteral("streams")).toArray()) {
            const QJsonObject o = st.toObject();
            if (o.value(QStringLiteral("codec_type")).toString() == QLatin1String("video")) {
                video = true;
                QCOMPARE(o.value(QStringLiteral("width")).toInt(), 1280);
                QCOMPARE(o.value(QStringLiteral("height")).toInt(), 720);
            }
        }
        QVERIFY(video);
        // The project, the panel and the stored settings are as they were; an export is not a take.
        const emote::Project after = w.projects()->snapshot();
        QCOMPARE(after.settings.size, 512);
        QCOMPARE(after.settings.aspect, 1.0);
        QCOMPARE(after.settings.visible_label, false);
        QCOMPARE(after.output, before.output);
        QCOMPARE(w.outputPath(), project_out);
        QVERIFY(after.takes.empty());
        QCOMPARE(QSettings().value(QStringLiteral("generation/size")), stored_size);
        QCOMPARE(QSettings().value(QStringLiteral("generation/visible_label")).toBool(), false);

        // While a Generate of the main window runs, Export waits and says so (it does not take that run for its own).
        w.generate();
        QVERIFY(w.isGenerating());
        d->setReplacePrompt([](const QString&) { return true; });
        d->exportButton()->click();
        QVERIFY(d->statusText().contains(QStringLiteral("running")));
        QVERIFY(d->exportButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 120000);
        QVERIFY(!d->statusText().startsWith(QStringLiteral("Saved")));
        QCOMPARE(w.takeList()->count(), 1);

        // Exporting over the file asks; "no" writes nothing.
        const QDateTime written = QFileInfo(out).lastModified();
        int asked = 0;
        d->setReplacePrompt([&](const QString&) { ++asked; return false; });
        d->exportButton()->click();
        QCOMPARE(asked, 1);
        QVERIFY(!w.isGenerating());
        QVERIFY(d->statusText().contains(QStringLiteral("kept")));
        QCOMPARE(QFileInfo(out).lastModified(), written);
        // "Yes" replaces it.
        d->setReplacePrompt([&](const QString&) { ++asked; return true; });
        d->exportButton()->click();
        QCOMPARE(asked, 2);
        QVERIFY(w.isGenerating());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 3, 120000);
        QTRY_VERIFY(d->openFolderButton()->isVisible());

        // Open Folder hands the folder to the desktop (caught here).
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
        d->openFolderButton()->click();
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        QCOMPARE(catcher.urls.size(), 1);
        QCOMPARE(catcher.urls.at(0).toLocalFile(), QFileInfo(out).absolutePath());
        d->close();
        // Where there is nothing to show, it says so instead of failing silently.
        QVERIFY(emote::ui::openWithDesktop(path(QStringLiteral("gone/folder"))).contains(QStringLiteral("not there")));
    }

    void fileDialogsStartWhereTheUserWas()
    {
        using emote::ui::FolderKind;
        using emote::ui::startFolder;
        // Fresh: the desktop's folders (or home), never the directory the app was started from.
        for (FolderKind k : {FolderKind::Portrait, FolderKind::Audio, FolderKind::Video, FolderKind::Project})
            QVERIFY(QFileInfo(startFolder(k)).isDir());
        MainWindow w;
        quiet(w);
        QVERIFY(w.loadPortrait(path(QStringLiteral("face.png"))));
        QVERIFY(w.loadAudio(m_audio));
        QCOMPARE(startFolder(FolderKind::Portrait), QFileInfo(path(QStringLiteral("face.png"))).absolutePath());
        QCOMPARE(startFolder(FolderKind::Audio), QFileInfo(m_audio).absolutePath());
        const QString sub = path(QStringLiteral("projects-here"));
        QVERIFY(QDir().mkpath(sub));
        QVERIFY(w.projects()->saveAs(QDir(sub).filePath(QStringLiteral("p.emote"))));
        QCOMPARE(startFolder(FolderKind::Project), sub);
        // Remembered across runs (QSettings); a folder that vanished falls back to the desktop's.
        QVERIFY(QDir(sub).removeRecursively());
        QVERIFY(startFolder(FolderKind::Project) != sub);
    }

    void modelPickerValidation()
    {
        using emote::ui::SettingsPanel;
        // No package yet: what the engine needs, in the app's words.
        const QString none = SettingsPanel::modelPackageProblem(QString());
        QVERIFY2(none.contains(QStringLiteral("model package")) && none.contains(QStringLiteral("GPU")), qPrintable(none));
        QVERIFY(SettingsPanel::modelPackageProblem(path(QStringLiteral("no-such-dir"))).contains(QStringLiteral("not a folder")));
        const QString pkg = path(QStringLiteral("model"));
        QVERIFY(QDir().mkpath(pkg));
        QVERIFY(SettingsPanel::modelPackageProblem(pkg).contains(QStringLiteral("manifest.json")));
        writeFile(QDir(pkg).filePath(QStringLiteral("w.safetensors")), QByteArray(100, 'x'));
        // (Plain string pieces: moc 6.4 loses the class after a raw string that spans lines.)
        const QByteArray manifest = QByteArray("{\"format\":1,\"name\":\"test\",\"architecture\":\"hallo\",") +
                                    "\"license\":\"MIT\",\"config\":{},\"files\":[{\"path\":\"w.safetensors\"," +
                                    "\"sha256\":\"" + QByteArray(64, 'a') + "\",\"bytes\":100}]}";
        writeFile(QDir(pkg).filePath(QStringLiteral("manifest.json")), manifest);
        QCOMPARE(SettingsPanel::modelPackageProblem(pkg), QString());
#ifdef EMOTE_HAVE_MODEL_PACKAGE
        // The manifest is read with core's checker: a truncated weight file and a broken manifest are caught.
        writeFile(QDir(pkg).filePath(QStringLiteral("w.safetensors")), QByteArray(50, 'x'));
        QVERIFY(SettingsPanel::modelPackageProblem(pkg).contains(QStringLiteral("w.safetensors")));
        writeFile(QDir(pkg).filePath(QStringLiteral("manifest.json")), "{\"name\":1}");
        QVERIFY(!SettingsPanel::modelPackageProblem(pkg).isEmpty());
#endif
        // In the panel: only judged for the Diffusion engine, shown under the picker.
        SettingsPanel panel;
        auto* engine = panel.findChild<QComboBox*>(QStringLiteral("engine"));
        const int diffusion = engine->findData(QStringLiteral("diffusion"));
#ifndef EMOTE_HAVE_DIFFUSION
        // A build without the engine (EMOTE_SKIP_SUBPROJECTS) must not offer it; nothing more to judge there.
        QCOMPARE(diffusion, -1);
        return;
#endif
        QVERIFY2(diffusion >= 0, "the Diffusion engine is built but the panel does not offer it");
        panel.setModelPath(path(QStringLiteral("no-such-dir")));
        QVERIFY(panel.modelProblem().isEmpty()); // Live engine: no model needed
        engine->setCurrentIndex(diffusion);
        QVERIFY(panel.modelProblem().contains(QStringLiteral("not a folder")));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("modelStatus"))->text().contains(QStringLiteral("not a folder")));
        QCOMPARE(QString::fromStdString(panel.settings().model_path), path(QStringLiteral("no-such-dir")));
    }

    void languageAndOptionsPersist()
    {
        QSettings store;
        {
            emote::ui::SettingsPanel panel;
            panel.setLanguage(QStringLiteral("de"));
            panel.findChild<QCheckBox*>(QStringLiteral("watermark"))->setChecked(false);
            panel.findChild<QCheckBox*>(QStringLiteral("visibleLabel"))->setChecked(true);
            panel.save(store);
        }
        QCOMPARE(store.value(QStringLiteral("ui/language")).toString(), QStringLiteral("de"));
        emote::ui::SettingsPanel panel;
        panel.load(store);
        QCOMPARE(panel.language(), QStringLiteral("de"));
        QCOMPARE(panel.settings().watermark, false);
        QCOMPARE(panel.settings().visible_label, true);
        // Every control explains itself.
        for (QWidget* child : panel.findChildren<QWidget*>()) {
            if (qobject_cast<QComboBox*>(child) || qobject_cast<QAbstractSpinBox*>(child) ||
                qobject_cast<QCheckBox*>(child) || qobject_cast<QAbstractButton*>(child))
                QVERIFY2(!child->toolTip().isEmpty(), qPrintable(child->objectName()));
        }
    }
};

QTEST_MAIN(TestProjects)
#include "test_projects.moc"
