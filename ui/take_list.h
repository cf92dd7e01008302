// The project's takes: every video Generate made, newest first, each with a thumbnail, its date, engine, seed
// and the settings that tell takes apart; Play (on the timeline), Open (in the desktop's player), Rename and
// Delete (to the trash, after asking). Takes are never written over: nextTakePath() names the next one.
//
//   auto* takes = new emote::ui::TakeList(parent);
//   takes->setTakes(project.takes);                        // oldest first, as a project stores them
//   const QString out = TakeList::nextTakePath("/v/song.mp4", takes->paths()); // song.mp4, then song-take2.mp4 …
//   takes->addTake({out, "2026-12-07T00:40:12Z", settings});
//   connect(takes, &TakeList::playRequested, window, &MainWindow::showTake);
#pragma once

#include "core/engine/project.h"

#include <QHash>
#include <QIcon>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QThread;

namespace emote::ui {

class TakeList : public QWidget {
    Q_OBJECT
public:
    explicit TakeList(QWidget* parent = nullptr);
    ~TakeList() override; // waits for a thumbnail decode still running

    // Oldest first (the project's order); the list shows the newest on top.
    void setTakes(const std::vector<ProjectTake>& takes);
    const std::vector<ProjectTake>& takes() const { return m_takes; }
    QStringList paths() const;
    void addTake(const ProjectTake& take);
    int count() const { return int(m_takes.size()); }
    // The newest take whose file is still there; empty when none.
    QString latestExisting() const;

    // BASE itself when neither it, its manifest (BASE.json) nor a listed take has that name; else
    // STEM-takeN.mp4 beside it with the smallest free N ≥ 2 (a "-takeN" already in BASE's name is dropped first).
    static QString nextTakePath(const QString& base, const QStringList& taken);

    // One line per take as shown (file name, then date · engine · seed · key settings).
    static QString describe(const ProjectTake& take);

    // The selected take's path; empty without a selection.
    QString selectedPath() const;
    void select(const QString& path);
    void setCurrent(const QString& path); // the take on the timeline is marked "▶" (and selected if none is)
    // The file the next Generate writes, shown above the list (empty: no output chosen yet).
    void setNextPath(const QString& path);
    QString nextPathText() const;

    // The questions (tests replace them; the defaults are dialogs). Rename returns the new file name (empty =
    // cancelled); delete returns true to move the file to the trash.
    void setRenamePrompt(std::function<QString(const QString& name)> prompt) { m_askName = std::move(prompt); }
    void setDeletePrompt(std::function<bool(const QString& name)> prompt) { m_askDelete = std::move(prompt); }

    QListWidget* list() const { return m_list; }
    QPushButton* playButton() const { return m_play; }
    QPushButton* openButton() const { return m_open; }
    QPushButton* renameButton() const { return m_rename; }
    QPushButton* deleteButton() const { return m_delete; }
    QString statusText() const;

public Q_SLOTS:
    bool renameSelected(); // false when cancelled or refused (the reason is shown under the list)
    bool deleteSelected();
    bool openSelected();   // in the desktop's video player, or says why not

Q_SIGNALS:
    void playRequested(const QString& path);
    void changed();                                           // a take was added, renamed or deleted
    void countChanged(int count);
    void thumbnailsReady(); // the thumbnails decoded in the background are shown
    void takeRenamed(const QString& from, const QString& to);
    void takeDeleted(const QString& path);

private:
    void rebuild();
    void updateButtons();
    void setStatus(const QString& text, bool error);
    int selectedIndex() const; // in m_takes; -1 = none
    QIcon thumbnail(const QString& path); // cached, else empty while loadThumbnails() decodes it
    void loadThumbnails();                 // first frames of the listed takes, off the UI thread

    std::vector<ProjectTake> m_takes;
    QString m_current;
    QHash<QString, QIcon> m_thumbs;
    QSet<QString> m_thumbsPending;
    QList<QThread*> m_thumbThreads;
    QListWidget* m_list = nullptr;
    QPushButton* m_play = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_rename = nullptr;
    QPushButton* m_delete = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_next = nullptr;
    std::function<QString(const QString&)> m_askName;
    std::function<bool(const QString&)> m_askDelete;
};

} // namespace emote::ui
