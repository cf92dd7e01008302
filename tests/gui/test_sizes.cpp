// Output sizes offscreen: the panel offers sizes per aspect named by their pixels (vertical up to 1080×1920),
// a change of shape keeps the short side, a project's odd size is kept and named, the photo's
// own shape reads in its pixels, and a crop enlarged more than 2× is pointed out beside the size.
#include "test_support.h"
#include "ui/face_crop_view.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/settings_panel.h"
#include "ui/size_presets.h"

#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using emote::ui::MainWindow;
using emote::ui::SettingsPanel;

namespace {

QStringList items(const QComboBox* box)
{
    QStringList out;
    for (int i = 0; i < box->count(); ++i)
        out << box->itemText(i);
    return out;
}

void chooseAspect(QComboBox* aspect, double value)
{
    for (int i = 0; i < aspect->count(); ++i)
        if (std::abs(aspect->itemData(i).toDouble() - value) < 1e-6) {
            aspect->setCurrentIndex(i);
            return;
        }
    QFAIL("aspect not offered");
}

} // namespace

class TestSizes : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-sizes-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init() { QSettings().clear(); }

    void sizesNamedByPixelsPerAspect()
    {
        SettingsPanel panel;
        auto* size = panel.findChild<QComboBox*>(QStringLiteral("size"));
        auto* aspect = panel.findChild<QComboBox*>(QStringLiteral("aspect"));
        QVERIFY(size && aspect);
        QCOMPARE(size->currentText(), QStringLiteral("512×512")); // the default, in pixels
        QVERIFY(items(size).contains(QStringLiteral("1080×1080")));

        // 1:1 512×512 → 9:16 keeps the short side: 540×960, and full HD vertical is offered.
        QSignalSpy changed(&panel, &SettingsPanel::changed);
        chooseAspect(aspect, 9.0 / 16.0);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(items(size), QStringList({QStringLiteral("1080×1920"), QStringLiteral("720×1280"),
                                           QStringLiteral("540×960"), QStringLiteral("288×512")}));
        QCOMPARE(size->currentText(), QStringLiteral("540×960"));
        size->setCurrentIndex(0);
        const emote::GenerationSettings s = panel.settings();
        int w = 0, h = 0;
        s.outputSize(3000, 2000, w, h);
        QCOMPARE(QSize(w, h), QSize(1080, 1920));
        // Wide: 1920×1080 from 1080×1920.
        chooseAspect(aspect, 16.0 / 9.0);
        QCOMPARE(size->currentText(), QStringLiteral("1920×1080"));

        // Every entry makes exactly the pixels it names.
        for (const double a : {1.0, 9.0 / 16.0, 16.0 / 9.0, 4.0 / 5.0}) {
            chooseAspect(aspect, a);
            for (int i = 0; i < size->count(); ++i) {
                size->setCurrentIndex(i);
                panel.settings().outputSize(1000, 1000, w, h);
                QCOMPARE(size->currentText(), QStringLiteral("%1×%2").arg(w).arg(h));
            }
        }

        // Stored and loaded: vertical at full resolution survives a restart.
        chooseAspect(aspect, 9.0 / 16.0);
        size->setCurrentIndex(0);
        QSettings store;
        panel.save(store);
        SettingsPanel again;
        again.load(store);
        QCOMPARE(again.settings().size, 1920);
        QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("size"))->currentText(), QStringLiteral("1080×1920"));
    }

    void projectSizeKeptAndPhotoShape()
    {
        SettingsPanel panel;
        auto* size = panel.findChild<QComboBox*>(QStringLiteral("size"));
        emote::GenerationSettings s;
        s.aspect = 9.0 / 16.0;
        s.size = 1000; // not a preset: kept, and named by its pixels
        panel.setSettings(s);
        QCOMPARE(panel.settings().size, 1000);
        QCOMPARE(size->currentText(), QStringLiteral("562×1000"));

        // The photo's own shape: the photo's pixel size first.
        s.aspect = 0;
        s.size = 512;
        panel.setSettings(s);
        panel.setPhotoSize(QSize(640, 760));
        QCOMPARE(size->itemText(0), QStringLiteral("640×760"));
        QCOMPARE(size->currentText(), QStringLiteral("430×512")); // as the job rounds: even width
        QCOMPARE(emote::ui::sizeLabel(0, 720), QStringLiteral("720 px tall")); // shape unknown without a photo
    }

    void exportShapeKeepsTheCropCentre()
    {
        // A square crop exported at 16:9: the same centre and height, wider; at the panel's own shape, unchanged.
        emote::ui::FaceCropView view;
        QImage photo(900, 600, QImage::Format_RGB32);
        photo.fill(Qt::gray);
        view.setPhoto(photo);
        view.setOutputAspect(1.0);
        view.setCropRect(QRectF(300, 150, 300, 300));
        emote::GenerationSettings s;
        view.applyTo(s);
        QCOMPARE(QRectF(s.crop_x, s.crop_y, s.crop_w, s.crop_h), QRectF(300, 150, 300, 300));
        view.applyTo(s, 16.0 / 9.0);
        QVERIFY(std::abs(s.crop_h - 300) <= 1);
        QVERIFY(std::abs(s.crop_w - 533) <= 1);
        QVERIFY(std::abs(s.crop_x + s.crop_w / 2 - 450) <= 1);
        QVERIFY(std::abs(s.crop_y + s.crop_h / 2 - 300) <= 1);
        QCOMPARE(view.cropRect(), QRectF(300, 150, 300, 300)); // the project's crop itself is untouched
    }

    void upscaleWarnedBesideTheSize()
    {
        QCOMPARE(emote::ui::upscaleWarning(QSizeF(400, 400), 800), QString()); // exactly 2×: fine
        QVERIFY(emote::ui::upscaleWarning(QSizeF(200, 200), 1080).contains(QStringLiteral("5.4×")));

        MainWindow w;
        w.projects()->setSavePrompt([](const QString&) { return emote::ui::ProjectController::SaveChoice::Discard; });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        emote::GenerationSettings s;
        s.size = 1080;
        w.settingsPanel()->setSettings(s);
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")));
        auto* note = w.settingsPanel()->findChild<QLabel*>(QStringLiteral("sizeWarning"));
        // A 200×200 crop of the 512×512 photo at 1080×1080: 5.4×, said beside the size.
        w.faceCropView()->setCropRect(QRectF(150, 60, 200, 200));
        QVERIFY2(w.settingsPanel()->sizeWarning().contains(QStringLiteral("5.4×")), qPrintable(w.settingsPanel()->sizeWarning()));
        QVERIFY(note->isVisibleTo(w.settingsPanel()));
        // A smaller size: the note goes.
        s.size = 384;
        w.settingsPanel()->setSettings(s);
        QCOMPARE(w.settingsPanel()->sizeWarning(), QString());
        QVERIFY(!note->isVisibleTo(w.settingsPanel()));
    }
};

QTEST_MAIN(TestSizes)
#include "test_sizes.moc"
