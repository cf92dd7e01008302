#include "ui/desktop_open.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QUrl>

namespace emote::ui {

QString openWithDesktop(const QString& path)
{
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(info.absoluteFilePath());
    if (!info.exists())
        return QCoreApplication::translate("emote::ui::DesktopOpen", "%1 is not there any more (moved or deleted).")
            .arg(shown);
    if (QDesktopServices::openUrl(QUrl::fromLocalFile(info.absoluteFilePath())))
        return {};
    if (QClipboard* clip = QGuiApplication::clipboard())
        clip->setText(shown);
    return info.isDir()
               ? QCoreApplication::translate("emote::ui::DesktopOpen",
                                             "No file manager is set up on this system to show %1. The path is on "
                                             "the clipboard.")
                     .arg(shown)
               : QCoreApplication::translate("emote::ui::DesktopOpen",
                                             "No application is set up on this system to open %1. The path is on "
                                             "the clipboard.")
                     .arg(shown);
}

} // namespace emote::ui
