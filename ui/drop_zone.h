// A framed area that accepts dropped files (and a click to browse). It does not judge the files: the owner
// recognises them by content and puts a message back in place with setMessage().
#pragma once

#include <QFrame>
#include <QPixmap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

class QLabel;

namespace emote::ui {

class DropZone : public QFrame {
    Q_OBJECT
public:
    DropZone(const QString& placeholder, const QString& browse_filter, QWidget* parent = nullptr);

    enum class Tone { Normal, Warning, Error };
    void setMessage(const QString& text, bool error = false); // text in place (error in red)
    void setMessage(const QString& text, Tone tone);          // a warning in amber
    void setThumbnail(const QPixmap& pixmap);                 // null clears
    void setWaveform(const QVector<float>& peaks);            // 0..1 per column; empty clears
    QString message() const;
    // The click-to-browse dialog's title and where it starts (asked at each click).
    void setBrowse(const QString& title, std::function<QString()> start_folder);
    bool isError() const { return m_error; }
    bool isWarning() const { return m_warning; }

Q_SIGNALS:
    void filesChosen(const QStringList& paths);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void setHover(bool hover);

    QLabel* m_text = nullptr;
    QLabel* m_thumb = nullptr;
    QString m_filter;
    QString m_browseTitle;
    std::function<QString()> m_startFolder;
    QVector<float> m_peaks;
    bool m_error = false;
    bool m_warning = false;
    bool m_hover = false;
};

} // namespace emote::ui
