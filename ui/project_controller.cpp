#include "ui/project_controller.h"

#include "core/common/error.h"
#include "ui/recent_folders.h"
#include "ui/user_words.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>

namespace emote::ui {

namespace {

const QString kRecentKey = QStringLiteral("projects/recent");
const QString kAutosaveKey = QStringLiteral("projects/autosave_s");
constexpr int kDefaultAutosaveS = 30;

QString toQ(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }
std::filesystem::path toPath(const QString& s) { return std::filesystem::path(s.toStdString()); }

// When process PID started (clock ticks since boot, /proc/PID/stat field 22); -1 when unknown or gone. With the
// PID it names a process uniquely: a PID reused after a crash has another start time.
qint64 processStartTicks(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')'); // the command name in (...) may hold spaces
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = line.mid(close + 2).split(' '); // fields[0] is field 3 (state)
    bool ok = false;
    const qint64 ticks = fields.size() > 19 ? fields[19].toLongLong(&ok) : -1;
    return ok ? ticks : -1;
}

QString withExtension(QString file)
{
    if (!file.isEmpty() && !file.endsWith(QStringLiteral(".emote"), Qt::CaseInsensitive))
        file += QStringLiteral(".emote");
    return file;
}

} // namespace

ProjectController::ProjectController(ProjectView& view, QObject* parent) : QObject(parent), m_view(view)
{
    m_recoveryDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");

    m_askSave = [this](const QString& name) {
        QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"),
                        tr("The project %1 has changes that are not saved.").arg(name),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_view.projectWindow());
        box.setInformativeText(tr("Save them before you go on?"));
        box.setDefaultButton(QMessageBox::Save);
        box.setObjectName(QStringLiteral("unsavedDialog"));
        const int r = box.exec();
        return r == QMessageBox::Save ? SaveChoice::Save : r == QMessageBox::Discard ? SaveChoice::Discard
                                                                                      : SaveChoice::Cancel;
    };
    m_chooseFile = [this](FileChoice choice) {
        const QString filter = tr("Emote projects (*.emote)");
        if (choice == FileChoice::Open)
            return QFileDialog::getOpenFileName(m_view.projectWindow(), tr("Open Project"),
                                                m_file.isEmpty() ? startFolder(FolderKind::Project)
                                                                 : QFileInfo(m_file).absolutePath(),
                                                filter);
        QString suggestion = m_file;
        if (suggestion.isEmpty()) {
            const QString base = m_view.portraitPath().isEmpty()
                                     ? tr("Untitled")
                                     : QFileInfo(m_view.portraitPath()).completeBaseName();
            suggestion = QDir(startFolder(FolderKind::Project)).filePath(base + QStringLiteral(".emote"));
        }
        return QFileDialog::getSaveFileName(m_view.projectWindow(), tr("Save Project"), suggestion, filter);
    };
    m_askRestore = [this](const QDateTime& when) {
        QMessageBox box(QMessageBox::Question, tr("Restore Unsaved Work?"),
                        tr("Emote Studio did not close properly last time. A copy of the project was saved "
                           "automatically at %1.")
                            .arg(QLocale().toString(when, QLocale::ShortFormat)),
                        QMessageBox::NoButton, m_view.projectWindow());
        box.setObjectName(QStringLiteral("restoreDialog"));
        QPushButton* restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
        box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
        box.setDefaultButton(restore);
        box.exec();
        return box.clickedButton() == restore;
    };

    m_view.projectWindow()->installEventFilter(this);

    m_autosave = new QTimer(this);
    connect(m_autosave, &QTimer::timeout, this, &ProjectController::autosave);
    setAutosaveInterval(QSettings().value(kAutosaveKey, kDefaultAutosaveS).toInt());
    updateTitle();
}

ProjectController::~ProjectController() = default;

void ProjectController::addFileActions(QMenu* menu)
{
    QAction* a = menu->addAction(tr("&New Project"), this, &ProjectController::newProject);
    a->setShortcut(QKeySequence::New);
    a->setToolTip(tr("Start over with no inputs (asks to save unsaved changes)"));
    a = menu->addAction(tr("&Open Project…"), this, [this] { openProject(); });
    a->setShortcut(QKeySequence::Open);
    a->setToolTip(tr("Open an Emote Studio project (.emote)"));
    m_recentMenu = menu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &ProjectController::rebuildRecentMenu);
    rebuildRecentMenu();
    a = menu->addAction(tr("&Save Project"), this, &ProjectController::save);
    a->setShortcut(QKeySequence::Save);
    a->setToolTip(tr("Save the inputs, settings and crop in the project file"));
    a = menu->addAction(tr("Save Project &As…"), this, [this] { saveAs(); });
    a->setShortcut(QKeySequence::SaveAs);
    a->setToolTip(tr("Save the project under a new name"));
}

void ProjectController::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = recentProjects();
    for (int i = 0; i < files.size(); ++i) {
        const QString& f = files[i];
        QAction* a = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(f).fileName()), this, [this, f] { openProject(f); });
        a->setToolTip(QDir::toNativeSeparators(f));
        a->setStatusTip(QDir::toNativeSeparators(f));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("&Clear List"), this, [this] {
        QSettings().remove(kRecentKey);
        rebuildRecentMenu();
    });
    clear->setEnabled(!files.isEmpty());
}

QStringList ProjectController::recentProjects()
{
    QSettings store;
    const QStringList stored = store.value(kRecentKey).toStringList();
    QStringList kept;
    for (const QString& f : stored)
        if (QFileInfo(f).isFile() && !kept.contains(f))
            kept << f;
    if (kept != stored)
        store.setValue(kRecentKey, kept);
    return kept;
}

void ProjectController::addRecentProject(const QString& file)
{
    const QString abs = QFileInfo(file).absoluteFilePath();
    QStringList list = QSettings().value(kRecentKey).toStringList();
    list.removeAll(abs);
    list.prepend(abs);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(kRecentKey, list);
}

std::string ProjectController::hashOf(const QString& path)
{
    const QFileInfo info(path);
    auto it = m_hashes.constFind(path);
    if (it != m_hashes.constEnd() && it->size == info.size() && it->modified == info.lastModified())
        return it->sha256;
    std::string h;
    try {
        h = fileSha256(toPath(path));
    } catch (const std::exception&) {
        return {}; // unreadable now: saved without a hash, so opening later does not warn of a change
    }
    m_hashes.insert(path, Hashed{info.size(), info.lastModified(), h});
    return h;
}

Project ProjectController::snapshot()
{
    Project p;
    const QString portrait = m_view.portraitPath();
    const QString audio = m_view.audioPath();
    if (!portrait.isEmpty())
        p.portrait = {toPath(QFileInfo(portrait).absoluteFilePath()), hashOf(portrait)};
    else
        p.portrait = m_missingPortrait;
    if (!audio.isEmpty())
        p.audio = {toPath(QFileInfo(audio).absoluteFilePath()), hashOf(audio)};
    else
        p.audio = m_missingAudio;
    p.settings = m_view.panelSettings();
    // Face choice and crop come from the crop view while it shows the photo; with the photo missing the
    // project's own values are kept (the panel carries them).
    if (!portrait.isEmpty())
        m_view.applyFaceCrop(p.settings);
    if (!m_view.outputPath().isEmpty())
        p.output = toPath(QFileInfo(m_view.outputPath()).absoluteFilePath());
    p.takes = m_view.takes();
    return p;
}

void ProjectController::apply(const Project& project)
{
    m_applying = true;
    m_view.clearInputs();
    m_missingPortrait = {};
    m_missingAudio = {};
    m_view.setPanelSettings(project.settings);
    auto load = [this](const ProjectInput& in, bool portrait) {
        if (in.empty())
            return;
        const QString path = toQ(in.path);
        const bool missing = !QFileInfo(path).isFile();
        if (!missing && (portrait ? m_view.loadPortrait(path) : m_view.loadAudio(path)))
            return;
        if (missing)
            m_view.showInputProblem(portrait ? ProjectView::Input::Portrait : ProjectView::Input::Audio,
                                    portrait ? tr("Missing photo:\n%1\nDrop it here again or click to choose it")
                                                   .arg(QDir::toNativeSeparators(path))
                                             : tr("Missing audio:\n%1\nDrop it here again or click to choose it")
                                                   .arg(QDir::toNativeSeparators(path)),
                                    path);
        (portrait ? m_missingPortrait : m_missingAudio) = in;
    };
    load(project.portrait, true);
    if (!m_view.portraitPath().isEmpty())
        m_view.restoreFaceCrop(project.settings);
    m_cleanFace = {double(project.settings.face_index), project.settings.crop_x, project.settings.crop_y,
                   project.settings.crop_w, project.settings.crop_h};
    load(project.audio, false);
    m_view.setOutputPath(project.output.empty() ? QString() : toQ(project.output));
    // Every take the project made is listed again, and the newest one still on disk plays on the timeline.
    m_view.setTakes(project.takes);
    const QString latest = m_view.latestExistingTake();
    if (!latest.isEmpty())
        m_view.showTake(latest);
    m_view.forgetEdits(); // another project: nothing of the last one to undo
    m_applying = false;
}

bool ProjectController::newProject()
{
    if (!maybeSave())
        return false;
    apply(Project{});
    m_issues.clear();
    setFile(QString());
    setDirty(false);
    removeRecovery();
    return true;
}

bool ProjectController::openProject(const QString& file_in)
{
    if (!maybeSave())
        return false;
    QString file = file_in;
    if (file.isEmpty())
        file = m_chooseFile(FileChoice::Open);
    if (file.isEmpty())
        return false;
    LoadedProject loaded;
    try {
        loaded = readProject(toPath(file));
    } catch (const std::exception& e) {
        showMessage(tr("Cannot Open Project"), inAppWords(e));
        return false;
    }
    apply(loaded.project);
    m_issues = loaded.issues;
    setFile(QFileInfo(file).absoluteFilePath());
    setDirty(false);
    rememberFolder(FolderKind::Project, m_file);
    addRecentProject(m_file);
    rebuildRecentMenu();
    if (!m_issues.empty()) {
        QStringList lines;
        for (const ProjectIssue& i : m_issues)
            lines << inAppWords(i);
        showMessage(tr("Project Opened With Problems"), lines.join(QStringLiteral("\n\n")));
    } else {
        m_view.showStatus(tr("Opened %1").arg(QFileInfo(file).fileName()));
    }
    return true;
}

bool ProjectController::writeTo(const QString& file)
{
    try {
        writeProject(snapshot(), toPath(file));
    } catch (const std::exception& e) {
        showMessage(tr("Cannot Save Project"), inAppWords(e));
        return false;
    }
    return true;
}

bool ProjectController::save()
{
    if (m_file.isEmpty())
        return saveAs();
    if (!writeTo(m_file))
        return false;
    m_cleanFace = faceState();
    setDirty(false);
    removeRecovery();
    m_view.showStatus(tr("Saved %1").arg(QFileInfo(m_file).fileName()));
    return true;
}

bool ProjectController::saveAs(const QString& file_in)
{
    const QString file = withExtension(file_in.isEmpty() ? m_chooseFile(FileChoice::Save) : file_in);
    if (file.isEmpty())
        return false;
    const QString abs = QFileInfo(file).absoluteFilePath();
    if (!writeTo(abs))
        return false;
    setFile(abs);
    rememberFolder(FolderKind::Project, abs);
    m_cleanFace = faceState();
    setDirty(false);
    removeRecovery();
    addRecentProject(abs);
    rebuildRecentMenu();
    m_view.showStatus(tr("Saved %1").arg(QFileInfo(abs).fileName()));
    return true;
}

bool ProjectController::maybeSave()
{
    if (!m_dirty)
        return true;
    const QString name = m_file.isEmpty() ? tr("Untitled") : QFileInfo(m_file).fileName();
    switch (m_askSave(name)) {
    case SaveChoice::Save: return save();
    case SaveChoice::Discard: return true;
    case SaveChoice::Cancel: return false;
    }
    return false;
}

std::array<double, 5> ProjectController::faceState() const
{
    GenerationSettings s;
    m_view.applyFaceCrop(s);
    return {double(s.face_index), s.crop_x, s.crop_y, s.crop_w, s.crop_h};
}

void ProjectController::markDirty()
{
    if (!m_applying)
        setDirty(true);
}

void ProjectController::onFaceChanged()
{
    if (faceState() != m_cleanFace)
        markDirty();
}

void ProjectController::onInputsChanged()
{
    if (!m_view.portraitPath().isEmpty())
        m_missingPortrait = {};
    if (!m_view.audioPath().isEmpty())
        m_missingAudio = {};
    markDirty();
}

void ProjectController::setDirty(bool dirty)
{
    if (dirty == m_dirty)
        return;
    m_dirty = dirty;
    updateTitle();
    Q_EMIT dirtyChanged(dirty);
}

void ProjectController::setFile(const QString& file)
{
    m_file = file;
    updateTitle();
    Q_EMIT projectChanged(file);
}

void ProjectController::updateTitle()
{
    const QString name = m_file.isEmpty() ? tr("Untitled") : QFileInfo(m_file).fileName();
    // "[*]" is where Qt shows the modified mark.
    QWidget* window = m_view.projectWindow();
    window->setWindowTitle(tr("%1[*] — Emote Studio").arg(name));
    window->setWindowModified(m_dirty);
}

void ProjectController::showMessage(const QString& title, const QString& text)
{
    Q_EMIT projectError(text);
    m_view.showStatus(text);
    if (!m_view.projectWindow()->isVisible())
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_view.projectWindow());
    box->setObjectName(QStringLiteral("projectMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// ---- autosave and recovery -------------------------------------------------------------------------------

void ProjectController::setRecoveryDir(const QString& dir) { m_recoveryDir = dir; }

QString ProjectController::recoveryFile() const
{
    // PID and start time: a new process that happens to get a crashed one's PID still finds that one's work.
    const qint64 pid = QCoreApplication::applicationPid();
    return QDir(m_recoveryDir).filePath(QStringLiteral("%1-%2.emote").arg(pid).arg(processStartTicks(pid)));
}

void ProjectController::setAutosaveInterval(int seconds)
{
    if (seconds > 0)
        m_autosave->start(seconds * 1000);
    else
        m_autosave->stop();
}

bool ProjectController::autosave()
{
    if (!m_dirty)
        return false;
    if (!QDir().mkpath(m_recoveryDir))
        return false;
    try {
        writeProject(snapshot(), toPath(recoveryFile()));
    } catch (const std::exception& e) {
        m_view.showStatus(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    // Which project the recovery file belongs to, so a restore can offer to save over it.
    QFile source(recoveryFile() + QStringLiteral(".source"));
    if (source.open(QIODevice::WriteOnly | QIODevice::Truncate))
        source.write(m_file.toUtf8());
    return true;
}

void ProjectController::removeRecovery()
{
    QFile::remove(recoveryFile());
    QFile::remove(recoveryFile() + QStringLiteral(".source"));
}

QStringList ProjectController::orphanedRecoveryFiles() const
{
    QFileInfoList files = QDir(m_recoveryDir).entryInfoList({QStringLiteral("*.emote")}, QDir::Files, QDir::Time);
    QStringList out;
    const QString own = QFileInfo(recoveryFile()).absoluteFilePath();
    for (const QFileInfo& f : files) {
        if (f.absoluteFilePath() == own)
            continue;
        // "PID-START.emote" (or "PID.emote" from before start times were recorded).
        const QStringList parts = f.completeBaseName().split(QLatin1Char('-'));
        bool ok = false, start_ok = parts.size() == 2;
        const qint64 pid = parts.value(0).toLongLong(&ok);
        const qint64 start = start_ok ? parts.value(1).toLongLong(&start_ok) : -1;
        if (!ok || parts.size() > 2)
            continue; // not a recovery file
        // A live process (a second window) still owns its file: the same PID started at the same time. A PID
        // that now belongs to another process (reused after a crash, this one included) does not count.
        const qint64 running_since = processStartTicks(pid);
        const bool alive = running_since >= 0 && (!start_ok || start < 0 || running_since == start);
        if (alive)
            continue;
        out << f.absoluteFilePath();
    }
    return out;
}

bool ProjectController::offerRecovery()
{
    const QStringList orphans = orphanedRecoveryFiles();
    if (orphans.isEmpty())
        return false;
    const QString newest = orphans.front();
    const bool restore = m_askRestore(QFileInfo(newest).lastModified());
    bool restored = false;
    if (restore) {
        try {
            const LoadedProject loaded = readProject(toPath(newest));
            apply(loaded.project);
            m_issues = loaded.issues;
            QFile source(newest + QStringLiteral(".source"));
            setFile(source.open(QIODevice::ReadOnly) ? QString::fromUtf8(source.readAll()) : QString());
            setDirty(true);
            autosave(); // our own recovery file now holds it, before the old one goes
            restored = true;
            m_view.showStatus(tr("Restored the unsaved project; save it to keep it."));
        } catch (const std::exception& e) {
            showMessage(tr("Cannot Restore"), inAppWords(e));
        }
    }
    // Restored or declined, the old files have had their chance; keeping them would ask at every start.
    for (const QString& f : orphans) {
        QFile::remove(f);
        QFile::remove(f + QStringLiteral(".source"));
    }
    return restored;
}

bool ProjectController::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view.projectWindow() && event->type() == QEvent::Close) {
        if (!maybeSave()) {
            event->ignore();
            return true; // the window stays open
        }
        removeRecovery(); // a clean exit leaves nothing to recover
    }
    return QObject::eventFilter(watched, event);
}

} // namespace emote::ui
