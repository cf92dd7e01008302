// Opening a file or folder with the desktop (its video player, its file manager), or saying why not: on a
// system with no application registered for it, QDesktopServices fails silently, so the caller shows the
// sentence this returns (the path is then on the clipboard, to paste elsewhere).
//
//   const QString why = emote::ui::openWithDesktop("/home/me/Videos");
//   if (!why.isEmpty()) status->setText(why);
#pragma once

#include <QString>

namespace emote::ui {

// Empty when the desktop took PATH; otherwise what went wrong, for the user.
QString openWithDesktop(const QString& path);

} // namespace emote::ui
