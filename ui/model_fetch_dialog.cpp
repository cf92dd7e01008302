#include "ui/model_fetch_dialog.h"

#include "core/common/error.h"
#include "core/fetch/model_fetch.h"
#include "ui/user_words.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace emote::ui {

namespace {

QString bytesText(std::int64_t bytes) { return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat); }

QString timeLeft(double seconds)
{
    if (seconds < 90)
        return ModelFetchDialog::tr("%1 s").arg(int(seconds + 0.5));
    if (seconds < 5400)
        return ModelFetchDialog::tr("%1 min").arg(int(seconds / 60 + 0.5));
    return ModelFetchDialog::tr("%1 h").arg(QLocale().toString(seconds / 3600, 'f', 1));
}

bool isPackage(const QString& folder) { return QFileInfo::exists(QDir(folder).filePath(QStringLiteral("manifest.json"))); }

} // namespace

ModelFetchDialog::ModelFetchDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("modelFetchDialog"));
    setWindowTitle(tr("Get the Hallo Model"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setText(tr("Hallo (Fudan University, MIT licence) is the model the Diffusion engine runs. This downloads "
                      "its released weights from Hugging Face, with the image decoder (sd-vae-ft-mse) and the speech "
                      "encoder (wav2vec2-base-960h) it uses, checks every file against its known checksum and makes "
                      "a model package of them. Nothing is downloaded until you press Download."));
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto* row = new QHBoxLayout;
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("fetchFolder"));
    m_folder->setToolTip(tr("The folder the model package is made in; the Diffusion settings then use it."));
    connect(m_folder, &QLineEdit::editingFinished, this, &ModelFetchDialog::updatePlan);
    m_browse = new QPushButton(tr("Change…"), this);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Where Should the Model Package Go?"),
                                                              QFileInfo(m_folder->text()).absolutePath());
        if (!dir.isEmpty())
            setPackagePath(QDir(dir).filePath(QFileInfo(m_folder->text()).fileName()));
    });
    row->addWidget(m_folder, 1);
    row->addWidget(m_browse);
    auto* folder_label = new QLabel(tr("Package &folder:"), this);
    folder_label->setBuddy(m_folder);
    form->addRow(folder_label, row);
    m_folder->setFocus();
    layout->addLayout(form);

    m_plan = new QLabel(this);
    m_plan->setObjectName(QStringLiteral("fetchPlan"));
    m_plan->setWordWrap(true);
    layout->addWidget(m_plan);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("fetchStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    layout->addStretch(1);
    auto* buttons = new QDialogButtonBox(this);
    m_start = buttons->addButton(tr("&Download"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("fetchStart"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("fetchClose"));
    connect(m_start, &QPushButton::clicked, this, &ModelFetchDialog::start);
    connect(m_close, &QPushButton::clicked, this, &ModelFetchDialog::reject);
    layout->addWidget(buttons);

    try {
        setPackagePath(QString::fromStdString(fetch::halloFetchParams().package.string()));
    } catch (const Error& e) {
        setStatus(inAppWords(e), true);
        m_start->setEnabled(false);
    }
    const int height = heightForWidth(600); // as tall as the wrapped text needs at 600 px
    resize(600, height > 0 ? height : sizeHint().height());
}

ModelFetchDialog::~ModelFetchDialog()
{
    if (m_thread) {
        m_cancel->cancel();
        m_thread->wait();
        delete m_thread;
    }
}

QString ModelFetchDialog::packagePath() const { return m_folder->text().trimmed(); }

void ModelFetchDialog::setPackagePath(const QString& folder)
{
    m_folder->setText(QDir::cleanPath(folder));
    updatePlan();
}

QString ModelFetchDialog::planText() const { return m_plan->text(); }

QString ModelFetchDialog::statusText() const { return m_status->text(); }

void ModelFetchDialog::setStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #c0392b;") : QString());
}

void ModelFetchDialog::updatePlan()
{
    if (m_thread)
        return;
    m_planOk = false;
    const QString folder = packagePath();
    if (isPackage(folder)) {
        m_plan->setText(tr("A model package is already in %1.").arg(folder));
        m_start->setText(tr("&Use It"));
        m_start->setEnabled(true);
        m_planOk = true;
        return;
    }
    m_start->setText(tr("&Download"));
    if (QFileInfo::exists(folder)) {
        m_plan->setText(tr("%1 already exists and is not a model package. Choose another folder.").arg(folder));
        m_start->setEnabled(false);
        return;
    }
    try {
        fetch::ModelFetchParams p = fetch::halloFetchParams();
        p.package = folder.toStdString();
        const fetch::FetchPlan plan = fetch::planModelFetch(p);
        const std::int64_t left = plan.download_bytes - plan.present_bytes;
        QString text = plan.present_bytes > 0
                           ? tr("%1 files, %2 still to download (%3 of it came in earlier).")
                                 .arg(plan.files)
                                 .arg(bytesText(left), bytesText(plan.present_bytes))
                           : tr("%1 files, %2 to download.").arg(plan.files).arg(bytesText(left));
        text += QLatin1Char(' ') + tr("The model package then takes about %1 in %2.").arg(bytesText(plan.package_bytes), folder);
        if (plan.free_bytes >= 0)
            text += QLatin1Char(' ') + tr("Needs %1 free there; %2 are free.").arg(bytesText(plan.needed_bytes), bytesText(plan.free_bytes));
        m_plan->setText(text);
        m_planOk = plan.enough_space();
        const QString no_room = tr("Not enough space on that disk. Free some space or choose another folder.");
        if (!m_planOk)
            setStatus(no_room, true);
        else if (m_status->text() == no_room)
            setStatus(QString(), false);
        m_start->setEnabled(m_planOk);
    } catch (const Error& e) {
        m_plan->setText(QString());
        setStatus(inAppWords(e), true);
        m_start->setEnabled(false);
    }
}

void ModelFetchDialog::start()
{
    if (m_thread)
        return;
    const QString folder = packagePath();
    if (isPackage(folder)) {
        accept();
        return;
    }
    updatePlan();
    if (!m_planOk)
        return;
    fetch::ModelFetchParams params;
    try {
        params = fetch::halloFetchParams();
    } catch (const Error& e) {
        setStatus(inAppWords(e), true);
        return;
    }
    params.package = folder.toStdString();
    m_cancel = std::make_shared<CancelToken>();
    m_start->setEnabled(false);
    m_folder->setEnabled(false);
    m_browse->setEnabled(false);
    m_close->setText(tr("&Cancel"));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    setStatus(tr("Connecting…"), false);
    // Room for the progress bar and the status line, at the width the dialog has.
    QMetaObject::invokeMethod(this, [this] { resize(width(), std::max(height(), heightForWidth(width()))); },
                              Qt::QueuedConnection);

    const auto onEvent = [this](const fetch::FetchEvent& e) {
        QString text;
        switch (e.stage) {
        case fetch::FetchEvent::Stage::Download:
            text = tr("Downloading %1 (%2 of %3): %4 of %5")
                       .arg(QString::fromStdString(e.file))
                       .arg(e.file_index)
                       .arg(e.file_count)
                       .arg(bytesText(e.done), bytesText(e.total));
            if (e.bytes_per_s > 0)
                text += QStringLiteral(", %1/s").arg(bytesText(std::int64_t(e.bytes_per_s)));
            if (e.eta_s >= 0)
                text += QLatin1Char(' ') + tr("(about %1 left)").arg(timeLeft(e.eta_s));
            break;
        case fetch::FetchEvent::Stage::Verify:
            text = tr("Checking %1 from the earlier download…").arg(QString::fromStdString(e.file));
            break;
        case fetch::FetchEvent::Stage::Import:
            text = tr("Making the model package: %1 of %2…").arg(bytesText(e.done), bytesText(e.total));
            break;
        case fetch::FetchEvent::Stage::Done:
            text = tr("Done.");
            break;
        }
        const int value = e.total > 0 ? int(1000.0 * double(e.done) / double(e.total)) : 0;
        QMetaObject::invokeMethod(this, [this, text, value] {
            setStatus(text, false);
            m_progress->setValue(value);
        }, Qt::QueuedConnection);
    };
    auto cancel = m_cancel;
    m_thread = QThread::create([this, params, cancel, onEvent] {
        QString package, error;
        bool cancelled = false;
        try {
            package = QString::fromStdString(fetch::fetchModel(params, onEvent, *cancel).string());
        } catch (const Error& e) {
            cancelled = e.kind() == ErrorKind::Cancelled;
            error = inAppWords(e);
        } catch (const std::exception& e) {
            error = inAppWords(e);
        }
        QMetaObject::invokeMethod(this, [this, package, error, cancelled] { finishRun(package, error, cancelled); },
                                  Qt::QueuedConnection);
    });
    m_thread->start();
}

void ModelFetchDialog::finishRun(const QString& package, const QString& error, bool cancelled)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_folder->setEnabled(true);
    m_browse->setEnabled(true);
    m_close->setText(tr("&Close"));
    m_close->setEnabled(true);
    if (!package.isEmpty()) {
        m_progress->setValue(1000);
        setStatus(tr("The model package is ready."), false);
        accept();
        return;
    }
    if (m_closeWhenStopped) {
        QDialog::reject();
        return;
    }
    updatePlan();
    m_progress->setVisible(false);
    bool kept = false;
    try {
        fetch::ModelFetchParams p = fetch::halloFetchParams();
        p.package = packagePath().toStdString();
        kept = fetch::planModelFetch(p).present_bytes > 0;
    } catch (const Error&) {
    }
    if (cancelled) {
        setStatus(kept ? tr("Stopped. What was downloaded is kept; Resume goes on from there.") : tr("Stopped."), false);
        m_start->setText(kept ? tr("&Resume") : tr("&Download"));
    } else {
        setStatus(error +
                      (kept ? QLatin1Char(' ') + tr("What was downloaded is kept; Try Again goes on from there.") : QString()),
                  true);
        m_start->setText(tr("&Try Again"));
    }
}

void ModelFetchDialog::reject()
{
    if (m_thread) { // Cancel (or Escape) stops the download; the dialog stays to say so and offer Resume
        m_cancel->cancel();
        m_close->setEnabled(false);
        setStatus(tr("Stopping…"), false);
        return;
    }
    QDialog::reject();
}

void ModelFetchDialog::closeEvent(QCloseEvent* event)
{
    if (m_thread) {
        m_closeWhenStopped = true;
        m_cancel->cancel();
        m_close->setEnabled(false);
        setStatus(tr("Stopping…"), false);
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

} // namespace emote::ui
