#include "ui/recent_folders.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace emote::ui {

namespace {

QString key(FolderKind kind)
{
    switch (kind) {
    case FolderKind::Portrait: return QStringLiteral("folders/portrait");
    case FolderKind::Audio: return QStringLiteral("folders/audio");
    case FolderKind::Video: return QStringLiteral("folders/video");
    case FolderKind::Project: return QStringLiteral("folders/project");
    }
    return {};
}

QStandardPaths::StandardLocation desktopFolder(FolderKind kind)
{
    switch (kind) {
    case FolderKind::Portrait: return QStandardPaths::PicturesLocation;
    case FolderKind::Audio: return QStandardPaths::MusicLocation;
    case FolderKind::Video: return QStandardPaths::MoviesLocation;
    case FolderKind::Project: return QStandardPaths::DocumentsLocation;
    }
    return QStandardPaths::HomeLocation;
}

} // namespace

QString startFolder(FolderKind kind)
{
    const QString last = QSettings().value(key(kind)).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString desk = QStandardPaths::writableLocation(desktopFolder(kind));
    return QFileInfo(desk).isDir() ? desk : QDir::homePath();
}

void rememberFolder(FolderKind kind, const QString& file_or_folder)
{
    const QFileInfo info(file_or_folder);
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    if (!file_or_folder.isEmpty() && QFileInfo(folder).isDir())
        QSettings().setValue(key(kind), folder);
}

} // namespace emote::ui
