#include "ui/main_window.h"

#include "core/common/error.h"
#include "core/common/version.h"
#include "core/engine/frame_cache.h"
#include "core/face/face_analyzer.h"
#include "core/face/face_mesh.h"
#include "core/face/head_pose.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/media/video_reader.h"
#ifdef EMOTE_HAVE_DIFFUSION
#include "ui/diffusion_run_prompt.h"
#endif
#include "ui/drop_zone.h"
#include "ui/edit_history.h"
#include "ui/export_dialog.h"
#include "ui/face_crop_view.h"
#include "ui/generation_worker.h"
#include "ui/input_check.h"
#include "ui/playback.h"
#include "ui/preview_view.h"
#include "ui/project_controller.h"
#include "ui/recent_folders.h"
#include "ui/settings_panel.h"
#include "ui/size_presets.h"
#include "ui/take_list.h"
#include "ui/timeline_view.h"
#include "ui/user_words.h"

#include <QAction>
#include <QDateTime>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QLibraryInfo>
#include <QTranslator>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>

namespace emote::ui {

// One FaceAnalyzer for the window's life, made on first use off the UI thread (it loads the networks).
struct FaceAnalyzerHolder {
    std::mutex mutex;
    std::unique_ptr<face::FaceAnalyzer> analyzer;
    std::exception_ptr load_error; // the models could not be loaded: said again for each portrait
    // The dense face mesh, for whether a face looks human (as the Live engine judges it); null where its model
    // is not installed (then not judged).
    std::unique_ptr<face::FaceMesh> mesh;
    bool mesh_tried = false;
};

namespace {

QString fileName(const QString& path) { return QFileInfo(path).fileName(); }

QString kPictureFilter()
{
    return MainWindow::tr("Pictures (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff);;All files (*)");
}
QString kAudioFilter()
{
    return MainWindow::tr("Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus *.mp4 *.mov);;All files (*)");
}

QString clock(double seconds)
{
    const int s = std::max(0, int(std::lround(seconds)));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_analyzer(std::make_shared<FaceAnalyzerHolder>())
{
    setWindowTitle(tr("Emote Studio"));
    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central); // the timeline spans the window's width under the three columns
    auto* layout = new QHBoxLayout;
    outer->addLayout(layout, 1);
    // Made in this order, which is also the order Tab walks through them.
    layout->addLayout(buildInputArea(central));
    layout->addLayout(buildCentreArea(central), 1);
    layout->addWidget(buildSettingsArea(central));
    outer->addWidget(buildTimeline(central));
    restoreSettings();
    connectAreas();

    // Undo/redo of settings, face choice and crop (after the panel has its stored values: they are the start).
    m_history = new EditHistory(m_settings, m_faceCrop, this);

    setCentralWidget(central);
    setAcceptDrops(true);
    m_projects = new ProjectController(*this, this);
    connectProjects();
    buildMenus();
    startWorker();

    updateReadiness(); // nothing loaded yet: Generate waits, and says for what
    statusBar()->showMessage(tr("Ready"));
    resize(1280, 900);
}

QLayout* MainWindow::buildInputArea(QWidget* central)
{
    auto* inputs = new QVBoxLayout;
    m_portraitZone = new DropZone(tr("Drop a portrait here\nor click to browse"), kPictureFilter(), central);
    m_portraitZone->setBrowse(tr("Choose a Portrait"), [] { return startFolder(FolderKind::Portrait); });
    m_portraitZone->setObjectName(QStringLiteral("portraitZone"));
    m_portraitZone->setToolTip(tr("The photo to animate: drop it here or click to browse (JPEG, PNG, WebP, BMP, TIFF)."));
    m_audioZone = new DropZone(tr("Drop a voice or song here\nor click to browse"), kAudioFilter(), central);
    m_audioZone->setBrowse(tr("Choose a Voice or Song"), [] { return startFolder(FolderKind::Audio); });
    m_audioZone->setObjectName(QStringLiteral("audioZone"));
    m_audioZone->setToolTip(tr("The voice or song that drives the animation: drop it here or click to browse."));
    m_audioZone->setMinimumHeight(150);
    for (DropZone* zone : {m_portraitZone, m_audioZone})
        zone->setFixedWidth(260);
    inputs->addWidget(new QLabel(tr("<b>Portrait</b>"), central));
    inputs->addWidget(m_portraitZone, 3);
    inputs->addWidget(new QLabel(tr("<b>Audio</b>"), central));
    inputs->addWidget(m_audioZone, 2);
    return inputs;
}

QLayout* MainWindow::buildCentreArea(QWidget* central)
{
    auto* centre = new QVBoxLayout;
    m_preview = new PreviewView(central);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setPlaceholder(tr("Drop a portrait and an audio file to begin.\n"
                                 "You can drop both at once anywhere on the left."));
    m_faceCrop = new FaceCropView(central);
    m_faceCrop->setObjectName(QStringLiteral("faceCropView"));
    m_faceCrop->setPlaceholder(tr("Drop a portrait and an audio file to begin.\n"
                                  "You can drop both at once anywhere on the left."));
    m_views = new QTabWidget(central);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_faceCrop, tr("Face && Crop"));
    m_views->addTab(m_preview, tr("Preview"));
    m_takeList = new TakeList(central);
    m_takeList->setObjectName(QStringLiteral("takes"));
    m_views->addTab(m_takeList, tr("Takes"));
    m_views->setTabToolTip(0, tr("Choose the face and the part of the photo the video shows."));
    m_views->setTabToolTip(1, tr("The frames as they are generated and played back."));
    m_views->setTabToolTip(2, tr("Every video made in this project: play, open, rename or delete them."));
    centre->addWidget(m_views, 1);
    auto* controls = new QHBoxLayout;
    m_generateButton = new QPushButton(tr("&Generate"), central);
    m_generateButton->setObjectName(QStringLiteral("generateButton"));
    m_generateButton->setToolTip(tr("Make the video (Ctrl+Return); press again to cancel (Esc)."));
    m_generateButton->setMinimumWidth(120);
    m_progress = new QProgressBar(central);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progressLabel = new QLabel(central);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_progressLabel->setMinimumWidth(260);
    controls->addWidget(m_generateButton);
    controls->addWidget(m_progress, 1);
    controls->addWidget(m_progressLabel);
    centre->addLayout(controls);
    m_reason = new QLabel(central);
    m_reason->setObjectName(QStringLiteral("generateReason"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setToolTip(tr("Why Generate cannot run yet, or what to keep in mind about the inputs."));
    centre->addWidget(m_reason);
    m_videoInfo = new QLabel(tr("No video generated yet"), central);
    m_videoInfo->setObjectName(QStringLiteral("videoInfo"));
    m_videoInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    centre->addWidget(m_videoInfo);
    m_runNote = new QLabel(central);
    m_runNote->setObjectName(QStringLiteral("runNote"));
    m_runNote->setWordWrap(true);
    m_runNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runNote->setStyleSheet(QStringLiteral("color: #b26a00;"));
    m_runNote->setVisible(false);
    connect(this, &MainWindow::inputsChanged, m_runNote, [this] { // it spoke of the inputs before
        m_runNote->clear();
        m_runNote->setVisible(false);
    });
    centre->addWidget(m_runNote);
    return centre;
}

QWidget* MainWindow::buildSettingsArea(QWidget* central)
{
    auto* box = new QGroupBox(tr("Settings"), central);
    auto* box_layout = new QVBoxLayout(box);
    m_settings = new SettingsPanel(box);
    m_settings->setObjectName(QStringLiteral("settingsPanel"));
    box_layout->addWidget(m_settings);
    box_layout->addStretch(1);
    box->setFixedWidth(300);
    return box;
}

QWidget* MainWindow::buildTimeline(QWidget* central)
{
    // Plays the latest take from the frame cache.
    m_timeline = new TimelineView(central);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    return m_timeline;
}

void MainWindow::restoreSettings()
{
    {
        QSettings store;
        m_settings->load(store);
    }
    try {
        FrameCacheOptions opt;
        opt.dir = QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("frames")).toStdString();
        opt.max_bytes = QSettings().value(QStringLiteral("cache/max_bytes"), qint64(2) << 30).toLongLong();
        m_frameCache = std::make_shared<FrameCache>(opt);
    } catch (const std::exception& e) {
        // Generation still works; only playback before export is lost.
        statusBar()->showMessage(tr("Playback cache unavailable: %1").arg(QString::fromStdString(e.what())));
    }
    m_faceCrop->setOutputAspect(m_settings->settings().aspect);
}

void MainWindow::connectAreas()
{
    for (DropZone* zone : {m_portraitZone, m_audioZone})
        connect(zone, &DropZone::filesChosen, this, [this, zone](const QStringList& files) { openFiles(files, zone); });

    connect(m_takeList, &TakeList::playRequested, this, &MainWindow::showTake);
    connect(m_takeList, &TakeList::countChanged, this, [this](int count) {
        m_views->setTabText(2, count ? tr("Takes (%1)").arg(count) : tr("Takes"));
        m_takeList->setNextPath(nextTakePath());
    });
    connect(this, &MainWindow::inputsChanged, this, [this] { m_takeList->setNextPath(nextTakePath()); });
    connect(m_takeList, &TakeList::takeRenamed, this, [this](const QString& from, const QString& to) {
        if (m_shown.take == from)
            m_shown.take = to;
        if (m_beforeRun.take == from)
            m_beforeRun.take = to;
    });
    connect(m_takeList, &TakeList::takeDeleted, this, [this](const QString& path) {
        if (m_shown.take == path && !m_generating) {
            m_timeline->clearFrames();
            m_shown.take.clear();
        }
        if (m_beforeRun.take == path) { // a run that fails now has no take to go back to
            if (m_frameCache && m_beforeRun.job != 0)
                m_frameCache->removeJob(m_beforeRun.job);
            m_beforeRun = {};
        }
    });
    connect(m_generateButton, &QPushButton::clicked, this, [this] { m_generating ? cancelGeneration() : generate(); });

    connect(m_settings, &SettingsPanel::changed, this, [this] {
        QSettings store;
        m_settings->save(store);
    });
    connect(m_timeline, &TimelineView::frameRequested, this, [this](qint64 index) {
        Image frame;
        if (m_frameCache && m_frameCache->get(m_cacheJob, index, frame)) {
            m_preview->setImage(toQImage(frame));
            if (!m_generating)
                m_views->setCurrentWidget(m_preview);
        }
    });
    connect(m_settings, &SettingsPanel::changed, this, [this] {
        m_faceCrop->setOutputAspect(m_settings->settings().aspect);
        updateSizeWarning();
    });
    connect(m_faceCrop, &FaceCropView::changed, this, &MainWindow::updateSizeWarning);
    connect(m_settings, &SettingsPanel::changed, this, &MainWindow::updateReadiness); // Still needs no face
    connect(m_faceCrop, &FaceCropView::changed, this, &MainWindow::updateReadiness);
    connect(this, &MainWindow::facesDetected, this, &MainWindow::updateSizeWarning);
}

void MainWindow::connectProjects()
{
    connect(m_settings, &SettingsPanel::changed, m_projects, &ProjectController::markDirty);
    connect(m_takeList, &TakeList::changed, m_projects, &ProjectController::markDirty);
    connect(m_faceCrop, &FaceCropView::changed, m_projects, &ProjectController::onFaceChanged);
    connect(this, &MainWindow::inputsChanged, m_projects, &ProjectController::onInputsChanged);
}

void MainWindow::startWorker()
{
    // The generation worker lives on its own thread for the window's life.
    m_workerThread = new QThread(this);
    m_workerThread->setObjectName(QStringLiteral("GenerationWorker"));
    m_worker = new GenerationWorker;
    m_worker->moveToThread(m_workerThread);
    connect(m_worker, &GenerationWorker::progress, this, &MainWindow::onProgress);
    connect(m_worker, &GenerationWorker::warning, this, [this](const QString& message) {
        m_runNotes << message;
        statusBar()->showMessage(tr("Note: %1").arg(message)); // stays until the next message
    });
    connect(m_worker, &GenerationWorker::frameReady, this, [this](const QImage& frame, qint64) {
        m_preview->setImage(frame);
        if (m_frameCache)
            m_timeline->setAvailableFrames(m_frameCache->contiguousFrames(m_cacheJob));
    });
    connect(m_worker, &GenerationWorker::finished, this, &MainWindow::onRunFinished);
    connect(m_worker, &GenerationWorker::failed, this, [this](const QString& message) {
        setGenerating(false);
        m_progressLabel->setText(tr("Failed"));
        onRunEnded();
        // Already in the app's words (the worker words it); the Export dialog shows it too.
        showError(m_runKind == RunKind::Export ? tr("Export failed") : tr("Generation failed"), message);
        Q_EMIT generationFailed(message);
    });
    connect(m_worker, &GenerationWorker::cancelled, this, [this] {
        setGenerating(false);
        m_progress->setValue(0);
        m_progressLabel->setText(tr("Cancelled"));
        onRunEnded();
        statusBar()->showMessage(m_shown.take.isEmpty()
                                     ? tr("Generation cancelled; nothing was written.")
                                     : tr("Generation cancelled; nothing was written. The timeline shows %1 again.")
                                           .arg(fileName(m_shown.take)));
        Q_EMIT generationCancelled();
    });
    m_workerThread->start();
    connect(m_settings, &SettingsPanel::changed, this, [this] {
        // Another engine or model: the loaded one's memory goes now, not at the next Generate.
        GenerationWorker* worker = m_worker;
        QMetaObject::invokeMethod(
            worker, [worker, settings = m_settings->settings()] { worker->keepModelsOnlyFor(settings); },
            Qt::QueuedConnection);
    });
}

MainWindow::~MainWindow()
{
    ++*m_takeLoadSerial; // a take still being decoded for the timeline stops at its next frame
    m_worker->cancel();
    m_workerThread->quit();
    m_workerThread->wait();
    delete m_worker;
    for (QThread* t : std::as_const(m_tasks)) {
        t->wait();
        delete t;
    }
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_projects->addFileActions(file); // New, Open…, Open Recent, Save, Save As…
    file->addSeparator();
    QAction* open_portrait = file->addAction(tr("Import &Portrait…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Import Portrait"), startFolder(FolderKind::Portrait),
                                                       kPictureFilter());
        if (!f.isEmpty())
            openFiles({f}, m_portraitZone);
    });
    open_portrait->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction* open_audio = file->addAction(tr("Import &Audio…"), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Import Audio"), startFolder(FolderKind::Audio),
                                                       kAudioFilter());
        if (!f.isEmpty())
            openFiles({f}, m_audioZone);
    });
    open_audio->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    QAction* export_to = file->addAction(tr("&Export…"), this, [this] { openExport(); });
    export_to->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_history->undoAction());
    edit->addAction(m_history->redoAction());

    QMenu* gen = menuBar()->addMenu(tr("&Generate"));
    QAction* go = gen->addAction(tr("&Generate"), this, &MainWindow::generate);
    go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    QAction* stop = gen->addAction(tr("&Cancel"), this, &MainWindow::cancelGeneration);
    stop->setShortcut(QKeySequence(Qt::Key_Escape));
    QAction* dice = gen->addAction(tr("&Random Seed"), m_settings->diceButton(), [this] { m_settings->diceButton()->click(); });
    dice->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* models = help->addAction(tr("&Diffusion Models…"), this, &MainWindow::showDiffusionModels);
    models->setObjectName(QStringLiteral("diffusionModelsAction"));
    help->addAction(tr("&About Emote Studio"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::runTask(std::function<std::function<void()>()> work)
{
    QThread* t = QThread::create([this, work = std::move(work)] {
        std::function<void()> apply = work();
        // Queued to the window: dropped if the window is gone (the destructor waits for this thread first).
        QMetaObject::invokeMethod(this, [apply = std::move(apply)] { apply(); }, Qt::QueuedConnection);
    });
    m_tasks.insert(t);
    connect(t, &QThread::finished, this, [this, t] {
        if (m_tasks.remove(t))
            t->deleteLater();
    });
    t->start(QThread::LowPriority);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message);
    if (!isVisible())
        return; // e.g. before the window is shown: the status bar and the signals carry it
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal without a nested event loop
}

bool MainWindow::loadPortrait(const QString& path)
{
    media::ImageInfo info;
    Image img;
    try {
        info = media::probeImage(path.toStdString());
        img = media::readImage(path.toStdString());
    } catch (const std::exception& e) {
        const QString why = inAppWords(e);
        m_portraitZone->setMessage(why, true); // the words name the file
        showError(tr("Cannot use this portrait"), why);
        return false;
    }
    m_portraitPath = path;
    rememberFolder(FolderKind::Portrait, path); // the next file dialog for a portrait starts there
    const QImage q = toQImage(img);
    m_portraitZone->setThumbnail(QPixmap::fromImage(q));
    m_portraitText = tr("%1\n%2 · %3×%4").arg(fileName(path), QString::fromStdString(info.format))
                         .arg(img.width).arg(img.height);
    m_photoSize = QSize(img.width, img.height);
    m_faceHeights.reset(); // judged once the analysis is back
    m_faceHuman.clear();
    updateReadiness();
    m_portraitZone->setToolTip(path);
    m_preview->setImage(q);
    m_settings->setPhotoSize(q.size());
    Q_EMIT inputsChanged();
    m_faceCrop->setPhoto(q);
    m_history->reset(); // crops of another photo cannot come back
    updateSizeWarning();
    m_views->setCurrentWidget(m_faceCrop);
    statusBar()->showMessage(tr("Portrait: %1 (%2×%3) — looking for faces…").arg(fileName(path)).arg(img.width).arg(img.height));

    const quint64 serial = ++m_portraitSerial;
    auto holder = m_analyzer;
    runTask([this, serial, holder, img = std::move(img)]() -> std::function<void()> {
        QVector<FaceOverlay> faces;
        QVector<double> human; // per face: the dense mesh's fit, -1 where not measured
        QString error;
        try {
            std::lock_guard lock(holder->mutex);
            if (!holder->analyzer && !holder->load_error) {
                try {
                    holder->analyzer = std::make_unique<face::FaceAnalyzer>(
                        face::FaceNets::defaultModelsDir(), face::kSsdMobilenetV1 | face::kLandmark68);
                } catch (const std::exception&) {
                    holder->load_error = std::current_exception();
                }
            }
            if (!holder->analyzer)
                std::rethrow_exception(holder->load_error);
            face::AnalyzeOptions opt;
            opt.stages = face::kStageLandmarks;
            const face::FaceAnalysis analysis = holder->analyzer->analyze(img, opt);
            if (!holder->mesh_tried) {
                holder->mesh_tried = true;
                try {
                    if (face::FaceMesh::available())
                        holder->mesh = std::make_unique<face::FaceMesh>();
                } catch (const std::exception&) {
                    // not judged; the engine says so at Generate
                }
            }
            for (const face::Face& f : analysis.faces) {
                human.append(holder->mesh ? holder->mesh->fitWithScore(img, f.box,
                                                                       face::estimateHeadPose(f.landmarks).roll_deg *
                                                                           M_PI / 180.0)
                                                .score
                                          : -1.0);
                FaceOverlay o;
                o.box = QRectF(f.box.x, f.box.y, f.box.width, f.box.height);
                for (const auto& pt : f.landmarks)
                    o.points.append(QPointF(pt.x, pt.y));
                faces.append(o);
            }
        } catch (const std::exception& e) {
            error = inAppWords(e);
        }
        return [this, serial, faces, human, error] {
            if (serial != m_portraitSerial)
                return; // a newer portrait replaced this one
            if (!error.isEmpty()) {
                statusBar()->showMessage(tr("Face detection unavailable: %1").arg(error));
                Q_EMIT facesDetected(-1);
                return;
            }
            m_preview->setFaces(faces);
            // The faces (and a project's face choice) arriving is not an edit to undo.
            m_history->outside([this, &faces] { m_faceCrop->setFaces(faces); });
            QVector<double> heights;
            for (const FaceOverlay& f : faces)
                heights << f.box.height();
            m_faceHeights = heights;
            m_faceHuman = human;
            updateReadiness();
            if (faces.isEmpty()) {
                statusBar()->showMessage(tr("No face found in %1").arg(fileName(m_portraitPath)));
            } else {
                statusBar()->showMessage(faces.size() == 1 ? tr("One face found in %1").arg(fileName(m_portraitPath))
                                                           : tr("%1 faces found in %2")
                                                                 .arg(faces.size())
                                                                 .arg(fileName(m_portraitPath)));
            }
            Q_EMIT facesDetected(int(faces.size()));
        };
    });
    return true;
}

bool MainWindow::loadAudio(const QString& path)
{
    media::AudioInfo info;
    try {
        info = media::probeAudio(path.toStdString(), media::AudioDecodeOptions{});
    } catch (const std::exception& e) {
        const QString why = inAppWords(e);
        m_audioZone->setMessage(why, true); // the words name the file
        showError(tr("Cannot use this audio"), why);
        return false;
    }
    m_audioPath = path;
    rememberFolder(FolderKind::Audio, path);
    m_audioZone->setToolTip(path);
    m_audioText = tr("%1\n%2 · %3 · %4 Hz · %5 ch")
                      .arg(fileName(path), clock(info.duration_s), QString::fromStdString(info.codec))
                      .arg(info.sample_rate_hz)
                      .arg(info.channels);
    m_audioDuration = info.duration_s;
    m_audioPeak = -1; // measured with the waveform
    updateReadiness();
    m_audioZone->setWaveform({});
    Q_EMIT inputsChanged();
    // The timeline now plays this audio; the take it showed stays in the Takes list (Play brings it back).
    if (m_frameCache && m_shown.job != 0)
        m_frameCache->removeJob(m_shown.job);
    ++*m_takeLoadSerial;
    TimelineTake none;
    none.audio = path;
    showOnTimeline(none);
    statusBar()->showMessage(tr("Audio: %1 (%2)").arg(fileName(path), clock(info.duration_s)));

    const quint64 serial = ++m_audioSerial;
    runTask([this, serial, path]() -> std::function<void()> {
        QVector<float> peaks;
        double loudest = -1, decoded_s = -1;
        try {
            media::AudioDecodeOptions opt;
            opt.sample_rate_hz = 4000; // plenty for an overview
            const AudioBuffer audio = media::decodeAudio(path.toStdString(), opt);
            constexpr int kColumns = 96;
            const int64_t n = audio.frameCount();
            decoded_s = audio.durationSeconds();
            loudest = 0;
            if (n > 0) {
                peaks.resize(kColumns);
                for (int c = 0; c < kColumns; ++c) {
                    const int64_t a = n * c / kColumns, b = std::max(a + 1, n * (c + 1) / kColumns);
                    float peak = 0.f;
                    for (int64_t i = a; i < b && i < n; ++i)
                        peak = std::max(peak, std::abs(audio.samples[size_t(i)]));
                    peaks[c] = peak;
                }
                const float top = *std::max_element(peaks.begin(), peaks.end());
                loudest = top;
                // Scaled to the loudest peak, but never from below -40 dBFS: silence stays a flat line.
                const float scale = std::max(top, 0.01f);
                for (float& p : peaks)
                    p /= scale;
            }
        } catch (const std::exception&) {
            // The probe accepted the file; a waveform is a nicety, so a decode problem only leaves it empty
            // (generation reports the real error).
        }
        return [this, serial, peaks, loudest, decoded_s] {
            if (serial != m_audioSerial)
                return;
            m_audioZone->setWaveform(peaks);
            // What was actually decoded judges the file (an empty WAV's header can promise anything).
            if (decoded_s >= 0)
                m_audioDuration = decoded_s;
            m_audioPeak = loudest;
            updateReadiness();
            Q_EMIT waveformReady();
        };
    });
    return true;
}

int MainWindow::openFiles(const QStringList& paths, DropZone* origin)
{
    int used = 0;
    QStringList rejected;
    for (const QString& path : paths) {
        if (path.endsWith(QStringLiteral(".emote"), Qt::CaseInsensitive)) { // a project: opens as File ▸ Open
            used += m_projects->openProject(path) ? 1 : 0;
            continue;
        }
        const std::string p = path.toStdString();
        bool is_image = false, is_audio = false;
        try {
            media::probeImage(p);
            is_image = true;
        } catch (const std::exception&) {
        }
        if (!is_image) {
            try {
                media::probeAudio(p, media::AudioDecodeOptions{});
                is_audio = true;
            } catch (const std::exception&) {
            }
        }
        if (is_image)
            used += loadPortrait(path) ? 1 : 0;
        else if (is_audio)
            used += loadAudio(path) ? 1 : 0;
        else
            rejected << fileName(path);
    }
    if (!rejected.isEmpty()) {
        DropZone* zone = origin ? origin : m_portraitZone;
        const QString text = tr("%1: neither a picture nor a sound we can read").arg(rejected.join(QStringLiteral(", ")));
        zone->setMessage(text, true);
        statusBar()->showMessage(text);
    }
    return used;
}

void MainWindow::setOutputPath(const QString& path)
{
    if (path == m_outputPath)
        return;
    m_outputPath = path;
    Q_EMIT inputsChanged();
}

void MainWindow::clearInputs()
{
    ++m_portraitSerial; // results of analyses still running are dropped
    ++m_audioSerial;
    m_portraitPath.clear();
    m_portraitText.clear();
    m_audioText.clear();
    m_photoSize = {};
    m_faceHeights.reset();
    m_faceHuman.clear();
    m_audioDuration = 0;
    m_audioPeak = -1;
    m_settings->setPhotoSize({});
    m_settings->setSizeWarning({});
    m_audioPath.clear();
    m_portraitZone->setThumbnail({});
    m_portraitZone->setMessage(tr("Drop a portrait here\nor click to browse"));
    m_portraitZone->setToolTip(tr("The photo to animate: drop it here or click to browse (JPEG, PNG, WebP, BMP, TIFF)."));
    m_audioZone->setWaveform({});
    m_audioZone->setMessage(tr("Drop a voice or song here\nor click to browse"));
    m_audioZone->setToolTip(tr("The voice or song that drives the animation: drop it here or click to browse."));
    m_preview->setImage(QImage());
    m_videoInfo->setText(tr("No video generated yet"));
    ++*m_takeLoadSerial;
    if (m_frameCache && m_shown.job != 0)
        m_frameCache->removeJob(m_shown.job);
    showOnTimeline(TimelineTake{});
    m_takeList->setTakes({});
    setOutputPath(QString());
    Q_EMIT inputsChanged();
}

// ---- what the project controller sees (ProjectView) ------------------------------------------------------

void MainWindow::showInputProblem(Input input, const QString& text, const QString& tooltip)
{
    DropZone* zone = input == Input::Portrait ? m_portraitZone : m_audioZone;
    zone->setMessage(text, true);
    zone->setToolTip(tooltip);
}

GenerationSettings MainWindow::panelSettings() const { return m_settings->settings(); }

void MainWindow::setPanelSettings(const GenerationSettings& settings) { m_settings->setSettings(settings); }

void MainWindow::applyFaceCrop(GenerationSettings& settings) const { m_faceCrop->applyTo(settings); }

void MainWindow::restoreFaceCrop(const GenerationSettings& settings) { m_faceCrop->restoreFrom(settings); }

std::vector<ProjectTake> MainWindow::takes() const { return m_takeList->takes(); }

void MainWindow::setTakes(const std::vector<ProjectTake>& takes) { m_takeList->setTakes(takes); }

QString MainWindow::latestExistingTake() const { return m_takeList->latestExisting(); }

void MainWindow::forgetEdits() { m_history->reset(); }

void MainWindow::showStatus(const QString& text) { statusBar()->showMessage(text); }

void MainWindow::setVideo(const QString& path)
{
    m_videoInfo->setText(tr("Video: %1").arg(path));
}

bool MainWindow::consentGiven() { return !m_portraitPath.isEmpty() && m_consent.given(m_portraitPath); }

void MainWindow::withConsent(std::function<void()> then)
{
    // A photo that vanished since loading is not asked about: the run fails on reading it, with that message.
    if (consentGiven() || !m_consent.canAsk(m_portraitPath)) {
        then();
        return;
    }
    // Asked for each new photo (remembered by its content, so a renamed copy is not asked again).
    auto* box = new QMessageBox(QMessageBox::Question, tr("Before you animate this person"),
                                tr("Only animate people who agreed to it, in photos you have the right to use: a "
                                   "talking video can make anyone seem to say anything, so it must never be used "
                                   "to deceive."),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("consentDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Emote Studio asks this once for each new photo (%1).").arg(fileName(m_portraitPath)));
    const QImage photo(m_portraitPath);
    if (!photo.isNull())
        box->setIconPixmap(QPixmap::fromImage(photo.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    QPushButton* yes = box->addButton(tr("I have the right to animate this person"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("consentYes"));
    box->addButton(QMessageBox::Cancel);
    const QString photoPath = m_portraitPath;
    connect(box, &QMessageBox::buttonClicked, this,
            [this, yes, photoPath, then = std::move(then)](QAbstractButton* clicked) {
                if (clicked != yes)
                    return;
                // What was confirmed and when travels into each video's manifest (the English wording is the record).
                m_consent.record(photoPath);
                QMetaObject::invokeMethod(this, then, Qt::QueuedConnection);
            });
    box->open();
}

QString MainWindow::nextTakePath() const
{
    return TakeList::nextTakePath(m_outputPath, m_takeList->paths());
}

void MainWindow::generate()
{
    if (m_generating)
        return;
    if (m_portraitPath.isEmpty() || m_audioPath.isEmpty()) {
        showError(tr("Nothing to animate yet"), tr("Load a portrait and an audio file first."));
        return;
    }
    if (!m_blockedReason.isEmpty()) {
        showError(tr("Cannot generate yet"), m_blockedReason);
        return;
    }
    withConsent([this] {
        if (m_generating)
            return;
        if (m_outputPath.isEmpty()) {
            // Asked once: takes then go beside this name (NAME.mp4, NAME-take2.mp4, …), never over a file.
            QString dir = startFolder(FolderKind::Video);
            if (!m_projects->projectFile().isEmpty())
                dir = QFileInfo(m_projects->projectFile()).absolutePath();
            const QString suggestion = QDir(dir).filePath(QFileInfo(m_audioPath).completeBaseName() + QStringLiteral(".mp4"));
            const QString chosen = QFileDialog::getSaveFileName(this, tr("Where Should the Takes Go?"), suggestion,
                                                                tr("MP4 video (*.mp4)"), nullptr,
                                                                QFileDialog::DontConfirmOverwrite);
            if (chosen.isEmpty())
                return;
            rememberFolder(FolderKind::Video, chosen);
            setOutputPath(chosen.endsWith(QStringLiteral(".mp4"), Qt::CaseInsensitive) ? chosen : chosen + QStringLiteral(".mp4"));
        }
        if (!m_settings->seedLocked())
            m_settings->rollSeed(); // unlocked: each take its own seed (the take records it)
        GenerationSettings settings = m_settings->settings();
        m_faceCrop->applyTo(settings); // face choice and crop
#ifdef EMOTE_HAVE_DIFFUSION
        const auto note = confirmDiffusionRun(this, settings, m_audioDuration); // device and time; long: asked
        if (!note)
            return;
#endif
        startRun(RunKind::Take, nextTakePath(), settings, false);
#ifdef EMOTE_HAVE_DIFFUSION
        if (!note->isEmpty())
            statusBar()->showMessage(statusBar()->currentMessage() + QStringLiteral(" ") + *note);
#endif
    });
}

void MainWindow::exportVideo(const QString& path, const GenerationSettings& settings, bool overwrite)
{
    if (m_generating)
        return;
    if (m_portraitPath.isEmpty() || m_audioPath.isEmpty()) {
        showError(tr("Nothing to export yet"), tr("Load a portrait and an audio file first."));
        return;
    }
    if (!m_blockedReason.isEmpty()) {
        showError(tr("Cannot export yet"), m_blockedReason);
        return;
    }
    withConsent([this, path, settings, overwrite] {
        if (m_generating)
            return;
        GenerationSettings s = settings;
        m_faceCrop->applyTo(s, s.aspect); // the project's face choice and crop, at the export's shape
#ifdef EMOTE_HAVE_DIFFUSION
        const auto note = confirmDiffusionRun(this, s, m_audioDuration);
        if (!note)
            return;
#endif
        startRun(RunKind::Export, path, s, overwrite);
#ifdef EMOTE_HAVE_DIFFUSION
        if (!note->isEmpty())
            statusBar()->showMessage(statusBar()->currentMessage() + QStringLiteral(" ") + *note);
#endif
    });
}

void MainWindow::startRun(RunKind kind, const QString& output, GenerationSettings settings, bool overwrite)
{
    GenerationRequest request;
    request.portrait = m_portraitPath.toStdString();
    request.audio = m_audioPath.toStdString();
    request.output = output.toStdString();
    request.settings = settings;
    // The sidecar manifest (OUT.mp4.json) records that the video is AI-made and the consent given in this app.
    request.write_manifest = QSettings().value(QStringLiteral("export/manifest"), true).toBool();
    request.consent = m_consent.recordFor(m_portraitPath);
    if (settings.visible_label)
        request.label_text = visibleLabelText().toStdString();
    // Never over an existing file unless the user said so (Export's question); a take always has a free name.
    request.overwrite = kind == RunKind::Export && overwrite;
    m_runKind = kind;
    m_runSettings = settings;
    m_runNotes.clear();
    m_runNote->clear();
    m_runNote->setVisible(false);
    setGenerating(true);
    m_runClock.start();
    m_progress->setRange(0, 0);
    m_progressLabel->setText(tr("Starting…"));
    statusBar()->showMessage(kind == RunKind::Export ? tr("Exporting %1…").arg(fileName(output))
                                                     : tr("Generating %1…").arg(fileName(output)));
    std::shared_ptr<FrameCache> cache;
    FrameCache::JobId job = 0;
    if (kind == RunKind::Take && m_frameCache) {
        // A fresh job in the frame cache; the take shown until now stays until this one succeeds.
        ++*m_takeLoadSerial; // a take still being decoded for the timeline stops
        cache = m_frameCache;
        m_beforeRun = m_shown;
        TimelineTake next;
        next.job = cache->beginJob();
        next.fps = settings.fps;
        next.frame_height = settings.size;
        next.audio = m_audioPath;
        showOnTimeline(next);
        job = next.job;
    }
    m_timeline->playback()->pause();
    m_views->setCurrentWidget(m_preview);
    GenerationWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, request, cache, job] {
        worker->setFrameCache(cache, job);
        worker->start(request);
    }, Qt::QueuedConnection);
}

void MainWindow::showOnTimeline(const TimelineTake& t)
{
    m_shown = t;
    m_cacheJob = t.job;
    if (!t.audio.isEmpty() && t.audio != m_timelineAudio) {
        m_timeline->setAudioFile(t.audio);
        m_timelineAudio = t.audio;
    }
    std::shared_ptr<FrameCache> cache = m_frameCache;
    if (!cache || t.job == 0) {
        m_timeline->clearFrames();
    } else {
        const int frame_height = t.frame_height;
        m_timeline->setFrameSource(t.fps, [cache, job = t.job, frame_height](qint64 i, int height) {
            // Thumbnails decode at 1/2, 1/4 or 1/8 size: several times faster, so the UI never waits on them.
            int reduce = 1;
            while (height > 0 && reduce < 8 && frame_height / (reduce * 2) >= height)
                reduce *= 2;
            Image frame;
            return cache->get(job, i, frame, reduce) ? toQImage(frame) : QImage();
        });
        m_timeline->setAvailableFrames(cache->contiguousFrames(t.job));
    }
    m_takeList->setCurrent(t.take);
}

void MainWindow::onRunFinished(const QString& path)
{
    setGenerating(false);
    m_progress->setValue(m_progress->maximum());
    m_progressLabel->setText(tr("Done in %1").arg(clock(m_runClock.elapsed() / 1000.0)));
    // What the engine said about the result stays beside the file's name.
    const QString notes =
        m_runNotes.isEmpty() ? QString() : QStringLiteral(" — ") + tr("Note: %1").arg(m_runNotes.join(QLatin1Char(' ')));
    m_runNote->setText(m_runNotes.isEmpty() ? QString() : tr("Note: %1").arg(m_runNotes.join(QLatin1Char('\n'))));
    m_runNote->setVisible(!m_runNotes.isEmpty());
    if (m_runKind == RunKind::Export) {
        statusBar()->showMessage(tr("Exported %1").arg(path) + notes);
        Q_EMIT generationFinished(path);
        return;
    }
    if (m_frameCache) {
        m_timeline->setAvailableFrames(m_frameCache->contiguousFrames(m_cacheJob));
        if (m_beforeRun.job != 0 && m_beforeRun.job != m_cacheJob)
            m_frameCache->removeJob(m_beforeRun.job); // only the take on the timeline stays in the cache
    }
    m_beforeRun = {};
    m_shown.take = path;
    ProjectTake take;
    take.path = path.toStdString();
    take.created_utc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    take.settings = m_runSettings;
    m_takeList->addTake(take);
    m_takeList->setCurrent(path);
    setVideo(path);
    statusBar()->showMessage(tr("Saved %1").arg(path) + notes);
    if (m_frameCache && m_frameCache->status(m_cacheJob).truncated)
        statusBar()->showMessage(tr("Saved %1 — the timeline plays only the first %2 frames: the playback cache "
                                    "is full (setting cache/max_bytes).")
                                     .arg(path)
                                     .arg(m_frameCache->contiguousFrames(m_cacheJob)) +
                                 notes);
    Q_EMIT generationFinished(path);
}

void MainWindow::onRunEnded()
{
    if (m_runKind != RunKind::Take)
        return;
    // The last good take goes back on the timeline: from the cache while it is there, else from its file.
    if (m_frameCache && m_shown.job != 0 && m_shown.job != m_beforeRun.job)
        m_frameCache->removeJob(m_shown.job);
    const TimelineTake before = m_beforeRun;
    m_beforeRun = {};
    if (m_frameCache && before.job != 0 && !m_frameCache->status(before.job).evicted) {
        showOnTimeline(before);
        if (!before.take.isEmpty())
            Q_EMIT takeShown(before.take);
    } else if (!before.take.isEmpty() && QFileInfo(before.take).isFile()) {
        showTake(before.take);
    } else {
        TimelineTake none;
        none.audio = m_timelineAudio;
        showOnTimeline(none);
    }
}

QString MainWindow::readinessText() const { return m_reason->text(); }

void MainWindow::updateReadiness()
{
    const bool needs_face = m_settings->settings().engine != EngineKind::Still;
    std::optional<QVector<double>> heights = m_faceHeights;
    const int active = m_faceCrop->activeFace();
    if (heights && active > 0 && active < heights->size())
        std::swap((*heights)[0], (*heights)[active]); // judged: the face that animates
    std::optional<double> human;
    const int judged = std::max(0, active);
    if (heights && judged < m_faceHuman.size() && m_faceHuman[judged] >= 0)
        human = m_faceHuman[judged];
    const QVector<InputProblem> portrait = m_portraitPath.isEmpty()
                                               ? QVector<InputProblem>()
                                               : portraitProblems(m_photoSize, heights, needs_face, human);
    const QVector<InputProblem> audio =
        m_audioPath.isEmpty() ? QVector<InputProblem>() : audioProblems(m_audioDuration, m_audioPeak);
    // In the drop zone, under what was loaded.
    auto show = [](DropZone* zone, const QString& base, const QVector<InputProblem>& problems) {
        QString text = base;
        DropZone::Tone tone = DropZone::Tone::Normal;
        for (const InputProblem& p : problems) {
            text += QStringLiteral("\n⚠ ") + p.text;
            tone = p.blocking() ? DropZone::Tone::Error : std::max(tone, DropZone::Tone::Warning);
        }
        zone->setMessage(text, tone);
    };
    if (!m_portraitPath.isEmpty())
        show(m_portraitZone, m_portraitText, portrait);
    if (!m_audioPath.isEmpty())
        show(m_audioZone, m_audioText, audio);
    // Beside Generate: why it cannot run, or what to keep in mind.
    QStringList blocking;
    QStringList warnings;
    auto collect = [&](const QString& what, const QVector<InputProblem>& problems) {
        for (const InputProblem& p : problems)
            (p.blocking() ? blocking : warnings) << what.arg(p.text);
    };
    collect(tr("Portrait: %1"), portrait);
    collect(tr("Audio: %1"), audio);
    // The Diffusion engine cannot start without a complete model package (the panel says what is wrong).
    if (m_settings->settings().engine == EngineKind::Diffusion && !m_settings->modelProblem().isEmpty())
        blocking << tr("Diffusion engine: %1").arg(m_settings->modelProblem());
    const bool loaded = !m_portraitPath.isEmpty() && !m_audioPath.isEmpty();
    const QString blocked = blocking.join(QLatin1Char('\n'));
    m_blockedReason = blocked;
    m_generateButton->setEnabled(m_generating || (loaded && blocked.isEmpty()));
    if (!blocked.isEmpty()) {
        m_reason->setText(blocked);
        m_reason->setStyleSheet(QStringLiteral("color: #c62828;"));
    } else if (!warnings.isEmpty()) {
        m_reason->setText(warnings.join(QLatin1Char('\n')));
        m_reason->setStyleSheet(QStringLiteral("color: #b26a00;"));
    } else {
        m_reason->setText(loaded ? QString() : tr("Load a portrait and an audio file to generate."));
        m_reason->setStyleSheet(QString());
    }
    m_reason->setVisible(!m_reason->text().isEmpty());
}

QSizeF MainWindow::shownCropSize() const
{
    if (m_portraitPath.isEmpty())
        return {};
    const QRectF crop = m_faceCrop->shownCropRect();
    return crop.isEmpty() ? QSizeF(m_faceCrop->photo().size()) : crop.size();
}

void MainWindow::updateSizeWarning()
{
    const QSizeF crop = shownCropSize();
    m_settings->setSizeWarning(crop.isEmpty() ? QString() : upscaleWarning(crop, m_settings->settings().size));
}

ExportDialog* MainWindow::openExport()
{
    // A copy of the project's settings, face choice and crop included: the dialog changes only its copy.
    auto* d = new ExportDialog(m_settings->settings(), ExportDialog::suggestedPath(m_outputPath, m_audioPath), this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_portraitPath.isEmpty())
        d->setCropSize(shownCropSize());
    // The export runs on this window's worker (same consent question, same preview), to its own file.
    connect(d, &ExportDialog::exportRequested, this,
            [this, d](const QString& out, const GenerationSettings& s, bool overwrite) {
                if (m_generating) { // a Generate of this window is running: not the export's
                    d->setRefused(ExportDialog::Refusal::OtherRunGoing);
                    return;
                }
                exportVideo(out, s, overwrite);
                if (m_generating)
                    d->setRunning();
                else
                    d->setRefused(ExportDialog::Refusal::NotStarted);
            });
    connect(d, &ExportDialog::cancelRequested, this, &MainWindow::cancelGeneration);
    connect(m_worker, &GenerationWorker::progress, d,
            [d](Stage, qint64 frame, qint64 total, double, double) { d->setProgress(frame, total); });
    connect(this, &MainWindow::generationFinished, d, &ExportDialog::setFinished);
    connect(this, &MainWindow::generationFailed, d, &ExportDialog::setFailed);
    connect(this, &MainWindow::generationCancelled, d, &ExportDialog::setCancelled);
    d->show();
    return d;
}

void MainWindow::showTake(const QString& path)
{
    if (m_generating) {
        statusBar()->showMessage(tr("The timeline is showing the run in progress; play %1 once it is done.")
                                     .arg(fileName(path)));
        return;
    }
    double fps = 0;
    int height = 0;
    try {
        media::VideoReader probe(path.toStdString());
        fps = probe.fps();
        height = probe.height();
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Cannot play %1: %2").arg(fileName(path), QString::fromStdString(e.what())));
        return;
    }
    if (!m_frameCache) {
        statusBar()->showMessage(tr("Cannot play %1 here: the playback cache is unavailable. Open it in your video "
                                    "player instead.")
                                     .arg(fileName(path)));
        return;
    }
    const quint64 serial = ++*m_takeLoadSerial;
    std::shared_ptr<FrameCache> cache = m_frameCache;
    const qint64 old_job = m_shown.job;
    TimelineTake t;
    t.job = cache->beginJob();
    t.fps = std::max(1, int(std::lround(fps)));
    t.frame_height = height;
    t.audio = path; // the take's own sound
    t.take = path;
    showOnTimeline(t);
    if (old_job != 0 && old_job != t.job)
        cache->removeJob(old_job);
    statusBar()->showMessage(tr("Loading %1 onto the timeline…").arg(fileName(path)));
    auto stop = m_takeLoadSerial;
    const qint64 job = t.job;
    runTask([this, path, cache, job, serial, stop]() -> std::function<void()> {
        QString error;
        try {
            media::VideoReader reader(path.toStdString());
            Image frame;
            while (reader.next(frame)) {
                if (*stop != serial)
                    return [] {};
                if (!cache->put(job, reader.frameIndex(), frame))
                    break; // the cache is full: the timeline plays what fits
                if (reader.frameIndex() % 25 == 24)
                    QMetaObject::invokeMethod(this, [this, job, cache] {
                        if (m_shown.job == job)
                            m_timeline->setAvailableFrames(cache->contiguousFrames(job));
                    }, Qt::QueuedConnection);
            }
        } catch (const std::exception& e) {
            error = inAppWords(e);
        }
        return [this, path, cache, job, error] {
            if (m_shown.job != job)
                return;
            m_timeline->setAvailableFrames(cache->contiguousFrames(job));
            if (!error.isEmpty()) {
                statusBar()->showMessage(tr("Cannot play all of %1: %2").arg(fileName(path), error));
                return;
            }
            setVideo(path);
            statusBar()->showMessage(tr("%1 is on the timeline").arg(fileName(path)));
            Q_EMIT takeShown(path);
        };
    });
}

void MainWindow::cancelGeneration()
{
    if (!m_generating)
        return;
    m_worker->cancel();
    m_progressLabel->setText(tr("Cancelling…"));
}

void MainWindow::setGenerating(bool on)
{
    m_generating = on;
    m_generateButton->setText(on ? tr("&Cancel") : tr("&Generate"));
    m_settings->setEnabled(!on);
    m_portraitZone->setEnabled(!on);
    m_audioZone->setEnabled(!on);
    m_faceCrop->setEnabled(!on); // the running job already has its crop
    updateReadiness();
    if (!on && m_progress->maximum() == 0)
        m_progress->setRange(0, 100);
}

QString MainWindow::stageText(Stage stage)
{
    switch (stage) { // no default: the compiler names a stage added without its words
    case Stage::ReadPortrait: return tr("Reading the portrait");
    case Stage::DecodeAudio: return tr("Reading audio");
    case Stage::LoadModels: return tr("Loading models");
    case Stage::Analyse: return tr("Analysing");
    case Stage::Prepare: return tr("Preparing the face");
    case Stage::Diffuse: return tr("Sampling steps");
    case Stage::Generate: return tr("Frames");
    case Stage::Finalize: return tr("Finishing");
    }
    return tr("Frames");
}

void MainWindow::onProgress(Stage stage, qint64 frame, qint64 total, double fps, double eta_s)
{
    if (!m_generating)
        return;
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * std::min<qint64>(frame, total) / total));
        m_progress->setFormat(QStringLiteral("%p%"));
    } else {
        m_progress->setRange(0, 0);
    }
    const QString name = stageText(stage);
    QString text = total > 0 ? tr("%1: %2 / %3").arg(name).arg(frame).arg(total) : name;
    if (fps > 0)
        text += tr(" · %1 fps").arg(fps, 0, 'f', 1);
    if (eta_s >= 0)
        text += tr(" · %1 left").arg(clock(eta_s));
    m_progressLabel->setText(text);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!m_generating && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList files;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            files << url.toLocalFile();
    if (files.isEmpty() || m_generating)
        return;
    event->acceptProposedAction();
    openFiles(files);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    {
        QSettings store;
        m_settings->save(store);
    }
    if (m_generating) {
        // Cancel and wait: the job polls the token each frame and removes its partial file.
        statusBar()->showMessage(tr("Cancelling…"));
        m_worker->cancel();
        m_workerThread->quit();
        m_workerThread->wait();
        m_workerThread->start(); // ready again should the window be shown once more
    }
    event->accept();
}

QString MainWindow::aboutText()
{
    return tr("<h3>Emote Studio %1</h3>"
              "<p>Turns a portrait and an audio track into a talking video.</p>"
              "<p>Third-party components:</p><ul>"
              "<li>Qt 6 — LGPL-3.0</li>"
              "<li>libtorch (PyTorch) — BSD-3-Clause</li>"
              "<li>FFmpeg — LGPL-2.1+ (GPL-2.0+ with x264)</li>"
              "<li>OpenCV — Apache-2.0</li>"
              "<li>PocketSphinx and its en-US models — BSD-2-Clause</li>"
              "<li>face-api models (@vladmandic/face-api) — MIT</li>"
              "<li>Sample astronaut photo (NASA) — public domain</li>"
              "</ul>")
        .arg(QString::fromLatin1(projectVersion()));
}

bool MainWindow::loadTranslation(QTranslator& translator, const QLocale& locale)
{
    return translator.load(locale, QStringLiteral("emote"), QStringLiteral("_"), QStringLiteral(":/i18n"));
}

bool MainWindow::loadQtTranslation(QTranslator& translator, const QLocale& locale)
{
    // "qt" is Qt's catalogue of catalogues (qtbase, qtmultimedia, …), each loaded where present.
    return translator.load(locale, QStringLiteral("qt"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

QString MainWindow::visibleLabelText()
{
    //: The label burned into the video's corner. Plain ASCII letters only (the video's label font has no others).
    const QString text = tr("AI-generated");
    for (const QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return QStringLiteral("AI-generated");
    return text;
}

void MainWindow::showDiffusionModels()
{
    auto* box = new QMessageBox(QMessageBox::Information, tr("Diffusion Models"), diffusionNeeds(),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("diffusionModelsDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("To get one: choose the Diffusion engine in the settings and press “Get the Hallo model…” beside Model. "
           "It downloads Hallo's released weights (MIT licence; about 5.6 GB from Hugging Face), checks every file "
           "and makes the package. Or convert a pretrained_models folder of Hallo you already have with the model "
           "importer that comes with Emote Studio (the emote import-hallo command; the README's Diffusion section "
           "shows how), then choose the folder it made under Model."));
    box->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Emote Studio"), aboutText());
}

} // namespace emote::ui
