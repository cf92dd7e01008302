#include "ui/take_list.h"

#include "core/common/image.h"
#include "core/media/video_reader.h"
#include "ui/desktop_open.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QRegularExpression>
#include <QThread>
#include <QVBoxLayout>

namespace emote::ui {

namespace {

constexpr int kThumbPx = 72;

QString toQ(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

bool nameTaken(const QString& path, const QStringList& taken)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    for (const QString& t : taken)
        if (QFileInfo(t).absoluteFilePath() == abs)
            return true;
    // The job writes OUT.mp4 and its manifest OUT.mp4.json, and refuses to write over either.
    return QFileInfo::exists(abs) || QFileInfo::exists(abs + QStringLiteral(".json")) ||
           QFileInfo::exists(abs + QStringLiteral(".partial"));
}

QString engineLabel(EngineKind kind)
{
    switch (kind) {
    case EngineKind::Live: return TakeList::tr("Live");
    case EngineKind::Diffusion: return TakeList::tr("Diffusion");
    case EngineKind::Still: return TakeList::tr("Still");
    }
    return {};
}

} // namespace

TakeList::TakeList(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    m_next = new QLabel(this);
    m_next->setObjectName(QStringLiteral("nextTake"));
    m_next->setWordWrap(true);
    m_next->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_next);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("takeList"));
    m_list->setIconSize(QSize(kThumbPx, kThumbPx));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setToolTip(tr("Every video made in this project, newest first. Double-click one to play it on the "
                          "timeline."));
    layout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    m_play = new QPushButton(tr("&Play"), this);
    m_play->setObjectName(QStringLiteral("takePlay"));
    m_play->setToolTip(tr("Show this take on the timeline and in the Preview"));
    m_open = new QPushButton(tr("&Open"), this);
    m_open->setObjectName(QStringLiteral("takeOpen"));
    m_open->setToolTip(tr("Open the video in your video player"));
    m_rename = new QPushButton(tr("&Rename…"), this);
    m_rename->setObjectName(QStringLiteral("takeRename"));
    m_rename->setToolTip(tr("Give the video file another name (in the same folder)"));
    m_delete = new QPushButton(tr("&Delete…"), this);
    m_delete->setObjectName(QStringLiteral("takeDelete"));
    m_delete->setToolTip(tr("Move the video file to the trash and take it off the list"));
    for (QPushButton* b : {m_play, m_open, m_rename, m_delete})
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("takeStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    connect(m_play, &QPushButton::clicked, this, [this] {
        const QString p = selectedPath();
        if (!p.isEmpty())
            Q_EMIT playRequested(p);
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] { m_play->click(); });
    connect(m_open, &QPushButton::clicked, this, &TakeList::openSelected);
    connect(m_rename, &QPushButton::clicked, this, &TakeList::renameSelected);
    connect(m_delete, &QPushButton::clicked, this, &TakeList::deleteSelected);
    connect(m_list, &QListWidget::currentRowChanged, this, &TakeList::updateButtons);

    m_askName = [this](const QString& name) {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Rename Take"), tr("New file name:"), QLineEdit::Normal,
                                                   name, &ok);
        return ok ? text : QString();
    };
    m_askDelete = [this](const QString& name) {
        return QMessageBox::question(this, tr("Delete Take"),
                                     tr("Move %1 to the trash? It leaves this project's list.").arg(name),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };
    rebuild();
    setNextPath(QString());
}

void TakeList::setNextPath(const QString& path)
{
    m_next->setText(path.isEmpty()
                        ? tr("The first Generate asks where the takes go; none is ever written over.")
                        : tr("Next Generate writes %1 (in %2); no take is ever written over.")
                              .arg(QFileInfo(path).fileName(), QDir::toNativeSeparators(QFileInfo(path).absolutePath())));
}

QString TakeList::nextPathText() const { return m_next->text(); }

QString TakeList::nextTakePath(const QString& base, const QStringList& taken)
{
    if (base.isEmpty())
        return {};
    if (!nameTaken(base, taken))
        return base;
    const QFileInfo info(base);
    QString stem = info.completeBaseName();
    stem.remove(QRegularExpression(QStringLiteral("-take\\d+$")));
    const QString suffix = info.suffix().isEmpty() ? QStringLiteral("mp4") : info.suffix();
    for (int n = 2;; ++n) {
        const QString candidate = info.dir().filePath(QStringLiteral("%1-take%2.%3").arg(stem).arg(n).arg(suffix));
        if (!nameTaken(candidate, taken))
            return candidate;
    }
}

QString TakeList::describe(const ProjectTake& take)
{
    const GenerationSettings& s = take.settings;
    QString when = tr("date unknown");
    const QDateTime utc = QDateTime::fromString(QString::fromStdString(take.created_utc), Qt::ISODate);
    if (utc.isValid())
        when = QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
    QString line = tr("%1 · %2 · seed %3").arg(when, engineLabel(s.engine)).arg(qulonglong(s.seed));
    QString details;
    if (s.aspect > 0) {
        int w = 0, h = 0;
        s.outputSize(1, 1, w, h);
        details = tr("%1×%2 · %3 fps").arg(w).arg(h).arg(s.fps);
    } else {
        details = tr("%1 px tall · %2 fps").arg(s.size).arg(s.fps);
    }
    if (s.engine == EngineKind::Diffusion)
        details += tr(" · %1 steps · guidance %2").arg(s.steps).arg(QLocale().toString(s.guidance, 'f', 1));
    if (s.engine != EngineKind::Still)
        details += tr(" · motion %1 · expression %2")
                       .arg(QLocale().toString(s.motion_speed, 'f', 2), QLocale().toString(s.expression, 'f', 2));
    return QFileInfo(toQ(take.path)).fileName() + QLatin1Char('\n') + line + QLatin1Char('\n') + details;
}

QStringList TakeList::paths() const
{
    QStringList out;
    for (const ProjectTake& t : m_takes)
        out << toQ(t.path);
    return out;
}

void TakeList::setTakes(const std::vector<ProjectTake>& takes)
{
    m_takes = takes;
    m_current.clear();
    rebuild();
    setStatus(QString(), false);
}

void TakeList::addTake(const ProjectTake& take)
{
    m_takes.push_back(take);
    rebuild();
    select(toQ(take.path));
    Q_EMIT changed();
}

QString TakeList::latestExisting() const
{
    for (auto it = m_takes.rbegin(); it != m_takes.rend(); ++it)
        if (QFileInfo(toQ(it->path)).isFile())
            return toQ(it->path);
    return {};
}

TakeList::~TakeList()
{
    for (QThread* t : std::as_const(m_thumbThreads)) {
        t->wait();
        delete t;
    }
}

QIcon TakeList::thumbnail(const QString& path) { return m_thumbs.value(path); }

void TakeList::loadThumbnails()
{
    QStringList wanted;
    for (const ProjectTake& t : m_takes) {
        const QString path = toQ(t.path);
        if (!m_thumbs.contains(path) && !m_thumbsPending.contains(path) && QFileInfo(path).isFile())
            wanted << path;
    }
    if (wanted.isEmpty())
        return;
    for (const QString& p : wanted)
        m_thumbsPending.insert(p);
    // One thread decodes the first frame of each, in turn; the list shows them as they come.
    QThread* thread = QThread::create([this, wanted] {
        for (const QString& path : wanted) {
            QImage small;
            try {
                media::VideoReader reader(path.toStdString());
                Image frame;
                if (reader.next(frame) && !frame.empty()) {
                    const QImage view(frame.rgb.data(), frame.width, frame.height, frame.width * 3,
                                      QImage::Format_RGB888);
                    small = view.scaled(kThumbPx, kThumbPx, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                }
            } catch (const std::exception&) {
                // No picture for an unreadable file.
            }
            // Queued to the list: the destructor waits for this thread, so the list is still there.
            QMetaObject::invokeMethod(this, [this, path, small] {
                m_thumbsPending.remove(path);
                m_thumbs.insert(path, small.isNull() ? QIcon() : QIcon(QPixmap::fromImage(small)));
                for (int row = 0; row < m_list->count(); ++row)
                    if (m_list->item(row)->data(Qt::UserRole).toString() == path)
                        m_list->item(row)->setIcon(m_thumbs.value(path));
                if (m_thumbsPending.isEmpty())
                    Q_EMIT thumbnailsReady();
            }, Qt::QueuedConnection);
        }
    });
    m_thumbThreads << thread;
    connect(thread, &QThread::finished, this, [this, thread] {
        if (m_thumbThreads.removeOne(thread))
            thread->deleteLater();
    });
    thread->start(QThread::LowPriority);
}

void TakeList::rebuild()
{
    const QString keep = selectedPath();
    m_list->clear();
    for (auto it = m_takes.rbegin(); it != m_takes.rend(); ++it) {
        const QString path = toQ(it->path);
        const bool there = QFileInfo(path).isFile();
        QString text = describe(*it);
        if (path == m_current)
            text = QStringLiteral("▶ ") + text;
        if (!there)
            text += QLatin1Char('\n') + tr("(file missing: %1)").arg(QDir::toNativeSeparators(path));
        auto* item = new QListWidgetItem(there ? thumbnail(path) : QIcon(), text, m_list);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
        if (!there)
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    }
    if (m_takes.empty()) {
        auto* item = new QListWidgetItem(tr("No takes yet: each Generate adds one here, and none is ever written "
                                            "over."),
                                         m_list);
        item->setFlags(Qt::NoItemFlags);
    }
    select(keep);
    updateButtons();
    loadThumbnails();
    Q_EMIT countChanged(int(m_takes.size()));
}

int TakeList::selectedIndex() const
{
    const QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return -1;
    const QString path = item->data(Qt::UserRole).toString();
    for (size_t i = 0; i < m_takes.size(); ++i)
        if (toQ(m_takes[i].path) == path)
            return int(i);
    return -1;
}

QString TakeList::selectedPath() const
{
    const int i = selectedIndex();
    return i < 0 ? QString() : toQ(m_takes[size_t(i)].path);
}

void TakeList::select(const QString& path)
{
    for (int row = 0; row < m_list->count(); ++row)
        if (!path.isEmpty() && m_list->item(row)->data(Qt::UserRole).toString() == path) {
            m_list->setCurrentRow(row);
            return;
        }
}

void TakeList::setCurrent(const QString& path)
{
    if (m_current == path)
        return;
    m_current = path;
    rebuild();
    if (selectedPath().isEmpty())
        select(path);
}

void TakeList::updateButtons()
{
    const QString path = selectedPath();
    const bool there = !path.isEmpty() && QFileInfo(path).isFile();
    m_play->setEnabled(there);
    m_open->setEnabled(there);
    m_rename->setEnabled(there);
    m_delete->setEnabled(!path.isEmpty()); // a missing take can still leave the list
}

void TakeList::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

QString TakeList::statusText() const { return m_status->text(); }

bool TakeList::openSelected()
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return false;
    const QString why = openWithDesktop(path);
    setStatus(why.isEmpty() ? tr("Opened %1").arg(QFileInfo(path).fileName()) : why, !why.isEmpty());
    return why.isEmpty();
}

bool TakeList::renameSelected()
{
    const int i = selectedIndex();
    if (i < 0)
        return false;
    const QString from = toQ(m_takes[size_t(i)].path);
    QString name = m_askName(QFileInfo(from).fileName()).trimmed();
    if (name.isEmpty())
        return false;
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) || name.startsWith(QLatin1Char('.'))) {
        setStatus(tr("\"%1\" is not a plain file name: leave out folders and a leading dot.").arg(name), true);
        return false;
    }
    if (!name.endsWith(QStringLiteral(".mp4"), Qt::CaseInsensitive))
        name += QStringLiteral(".mp4");
    const QString to = QFileInfo(from).dir().filePath(name);
    if (to == from)
        return false;
    if (QFileInfo::exists(to) || QFileInfo::exists(to + QStringLiteral(".json"))) {
        setStatus(tr("%1 already exists; nothing was renamed. Choose another name.").arg(name), true);
        return false;
    }
    if (!QFile::rename(from, to)) {
        setStatus(tr("Cannot rename %1 (is the folder writable?).").arg(QFileInfo(from).fileName()), true);
        return false;
    }
    // The provenance manifest travels with its video.
    if (QFileInfo::exists(from + QStringLiteral(".json")))
        QFile::rename(from + QStringLiteral(".json"), to + QStringLiteral(".json"));
    m_takes[size_t(i)].path = to.toStdString();
    if (m_current == from)
        m_current = to;
    m_thumbs.insert(to, m_thumbs.value(from));
    m_thumbs.remove(from);
    rebuild();
    select(to);
    setStatus(tr("Renamed to %1").arg(name), false);
    Q_EMIT takeRenamed(from, to);
    Q_EMIT changed();
    return true;
}

bool TakeList::deleteSelected()
{
    const int i = selectedIndex();
    if (i < 0)
        return false;
    const QString path = toQ(m_takes[size_t(i)].path);
    const QString name = QFileInfo(path).fileName();
    if (!m_askDelete(name))
        return false;
    if (QFileInfo::exists(path)) {
        if (!QFile::moveToTrash(path)) {
            setStatus(tr("Cannot move %1 to the trash; it stays on the list. Delete it in your file manager if "
                         "you are sure.")
                          .arg(name),
                      true);
            return false;
        }
        if (QFileInfo::exists(path + QStringLiteral(".json")))
            QFile::moveToTrash(path + QStringLiteral(".json"));
    }
    m_takes.erase(m_takes.begin() + i);
    m_thumbs.remove(path);
    if (m_current == path)
        m_current.clear();
    rebuild();
    setStatus(tr("Moved %1 to the trash").arg(name), false);
    Q_EMIT takeDeleted(path);
    Q_EMIT changed();
    return true;
}

} // namespace emote::ui
