// Where file dialogs start: the folder last used for that kind of file (portraits, audio, videos, projects),
// remembered across runs, else the desktop's own Pictures, Music, Videos or Documents folder — never the
// directory the app happened to be started from.
//
//   const QString f = QFileDialog::getOpenFileName(this, tr("Import Portrait"),
//                                                  emote::ui::startFolder(emote::ui::FolderKind::Portrait), filter);
//   if (!f.isEmpty()) emote::ui::rememberFolder(emote::ui::FolderKind::Portrait, f);
//
// QSettings keys: "folders/portrait", "folders/audio", "folders/video", "folders/project".
#pragma once

#include <QString>

namespace emote::ui {

enum class FolderKind { Portrait, Audio, Video, Project };

QString startFolder(FolderKind kind);
// FILE_OR_FOLDER: a file (its folder is kept) or a folder; ignored when it does not exist.
void rememberFolder(FolderKind kind, const QString& file_or_folder);

} // namespace emote::ui
