#include "hostile_corpus.h"

#include "../diffusion/pth_hostile_cases.h"

#include "test_support.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtEndian>

#include <stdexcept>

#include <sys/stat.h>
#include <sys/types.h>

namespace emote::test {

namespace {

const QString kOut = QStringLiteral("{OUT}");

[[noreturn]] void toolFailed(const QString& what, const ProcResult& r)
{
    throw std::runtime_error(QStringLiteral("corpus: %1 failed (exit %2): %3")
                                 .arg(what)
                                 .arg(r.exit_code)
                                 .arg(QString::fromUtf8(r.err))
                                 .toStdString());
}

void tool(const QString& program, const QStringList& args)
{
    const auto r = run(program, args, 120000);
    if (r.exit_code != 0 || r.crashed)
        toolFailed(program + QLatin1Char(' ') + args.join(QLatin1Char(' ')), r);
}

QString ffmpegMake(CorpusContext& ctx, const QString& name, const QStringList& args)
{
    const QString out = ctx.dir.filePath(QStringLiteral("base/") + name);
    QStringList a{QStringLiteral("-nostdin"), QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error")};
    a += args;
    a << out;
    tool(QStringLiteral("ffmpeg"), a);
    return out;
}

QByteArray le16(quint16 v)
{
    QByteArray b(2, 0);
    qToLittleEndian(v, b.data());
    return b;
}
QByteArray le32(quint32 v)
{
    QByteArray b(4, 0);
    qToLittleEndian(v, b.data());
    return b;
}
QByteArray be16(quint16 v)
{
    QByteArray b(2, 0);
    qToBigEndian(v, b.data());
    return b;
}
QByteArray be32(quint32 v)
{
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}

quint32 crc32(const QByteArray& data)
{
    quint32 c = 0xFFFFFFFFu;
    for (const char ch : data) {
        c ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

QByteArray pngChunk(const QByteArray& type, const QByteArray& data)
{
    return be32(quint32(data.size())) + type + data + be32(crc32(type + data));
}

// A PNG with its IHDR replaced (CRC fixed) so decoders get past the checksum.
QByteArray pngWithSize(const QByteArray& png, quint32 w, quint32 h)
{
    QByteArray ihdr = png.mid(16, 13);
    ihdr.replace(0, 4, be32(w));
    ihdr.replace(4, 4, be32(h));
    return png.left(8) + pngChunk("IHDR", ihdr) + png.mid(33);
}

// PNG with an extra chunk inserted right after IHDR.
QByteArray pngInsert(const QByteArray& png, const QByteArray& chunk) { return png.left(33) + chunk + png.mid(33); }

// A TIFF header + IFD0 with the given (tag, type, value) entries, as used in EXIF blocks.
QByteArray tiffIfd(const QList<std::tuple<quint16, quint16, quint32>>& entries, quint32 ifd_offset = 8,
                   int claimed_count = -1)
{
    QByteArray t = "II*\0" + le32(ifd_offset);
    t += le16(quint16(claimed_count >= 0 ? claimed_count : entries.size()));
    for (const auto& [tag, type, value] : entries) {
        t += le16(tag) + le16(type) + le32(1);
        t += type == 3 ? le16(quint16(value)) + le16(0) : le32(value);
    }
    t += le32(0);
    return t;
}

QByteArray jpegApp1(const QByteArray& payload, int claimed_len = -1)
{
    const QByteArray body = QByteArray("Exif\0\0", 6) + payload;
    const int len = claimed_len >= 0 ? claimed_len : int(body.size()) + 2;
    return QByteArray("\xFF\xE1", 2) + be16(quint16(len)) + body;
}

QByteArray jpegInsert(const QByteArray& jpg, const QByteArray& seg) { return jpg.left(2) + seg + jpg.mid(2); }

int jpegSof(const QByteArray& jpg)
{
    for (int i = 2; i + 9 < jpg.size(); ++i)
        if (quint8(jpg[i]) == 0xFF && quint8(jpg[i + 1]) == 0xC0)
            return i;
    return -1;
}

QByteArray jpegWithSize(QByteArray jpg, quint16 w, quint16 h)
{
    const int sof = jpegSof(jpg);
    if (sof < 0)
        throw std::runtime_error("corpus: no SOF0 in the base JPEG");
    jpg.replace(sof + 5, 2, be16(h));
    jpg.replace(sof + 7, 2, be16(w));
    return jpg;
}

QByteArray flip(QByteArray b, int from, int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    for (int i = 0; i < count && b.size() > from; ++i)
        b[from + int(rng.bounded(b.size() - from))] = char(rng.bounded(256));
    return b;
}

QByteArray wavBytes(quint16 tag, quint16 channels, quint32 rate, quint16 bits, quint32 data_bytes,
                    const QByteArray& data, qint64 riff_size = -1, int fmt_size = 16, int block_align = -1)
{
    const quint16 align = quint16(block_align >= 0 ? block_align : channels * ((bits + 7) / 8));
    QByteArray fmt = le16(tag) + le16(channels) + le32(rate) + le32(rate * align) + le16(align) + le16(bits);
    QByteArray body = "WAVE" + QByteArray("fmt ") + le32(quint32(fmt_size)) + fmt;
    body += QByteArray("data") + le32(data_bytes) + data;
    return "RIFF" + le32(quint32(riff_size >= 0 ? riff_size : body.size())) + body;
}

void addImage(QList<HostileCase>& out, CorpusContext& ctx, const QString& what, const QString& file,
              QList<int> codes = {3})
{
    out.append({QStringLiteral("image/") + what,
                {QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("-q"),
                 QStringLiteral("-p"), file, QStringLiteral("-a"), ctx.audio, QStringLiteral("-o"), kOut},
                QFileInfo(file).fileName(), codes, ctx.target(QStringLiteral(".mp4")), {}, file});
}

void addProbe(QList<HostileCase>& out, const QString& what, const QString& file, QList<int> codes = {3})
{
    out.append({QStringLiteral("probe/") + what, {QStringLiteral("probe"), file}, QFileInfo(file).fileName(), codes,
                QString(), {}, file});
}

void addAudio(QList<HostileCase>& out, CorpusContext& ctx, const QString& what, const QString& file,
              QList<int> codes = {3})
{
    out.append({QStringLiteral("audio/") + what,
                {QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("-q"),
                 QStringLiteral("-p"), ctx.portrait, QStringLiteral("-a"), file, QStringLiteral("-o"), kOut},
                QFileInfo(file).fileName(), codes, ctx.target(QStringLiteral(".mp4")), {}, file});
}

QString makeFifo(CorpusContext& ctx, const QString& name)
{
    ctx.dir.mkpath(QStringLiteral("special"));
    const QString p = ctx.dir.filePath(QStringLiteral("special/") + name);
    if (::mkfifo(QFile::encodeName(p).constData(), 0600) != 0)
        throw std::runtime_error("corpus: mkfifo failed");
    return p;
}

QString makeLink(CorpusContext& ctx, const QString& name, const QString& to)
{
    ctx.dir.mkpath(QStringLiteral("special"));
    const QString p = ctx.dir.filePath(QStringLiteral("special/") + name);
    if (!QFile::link(to, p))
        throw std::runtime_error("corpus: symlink failed");
    return p;
}

// ---- images: truncated, zero-byte, bomb dimensions, wrong extension, CMYK, 16-bit, animated, huge EXIF ----
void images(CorpusContext& ctx, QList<HostileCase>& out)
{
    ctx.dir.mkpath(QStringLiteral("base"));
    const QString small = ctx.dir.filePath(QStringLiteral("base/small.png"));
    tool(QStringLiteral("convert"), {ctx.portrait, QStringLiteral("-resize"), QStringLiteral("160x160!"), small});
    QMap<QString, QByteArray> base;
    for (const QString ext : {"jpg", "png", "webp", "bmp", "tiff"}) {
        const QString p = ctx.dir.filePath(QStringLiteral("base/small.") + ext);
        if (ext != QLatin1String("png"))
            tool(QStringLiteral("convert"), {small, p});
        base[ext] = readAll(p);
    }
    const auto img = [&](const QString& name, const QByteArray& bytes) { return ctx.write(QStringLiteral("img"), name, bytes); };

    for (auto it = base.cbegin(); it != base.cend(); ++it) {
        const QString ext = it.key();
        const QByteArray& b = it.value();
        addImage(out, ctx, QStringLiteral("zero-byte ") + ext, img(QStringLiteral("zero.") + ext, {}));
        addImage(out, ctx, QStringLiteral("header only ") + ext, img(QStringLiteral("head32.") + ext, b.left(32)));
        for (const double f : {0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
            const QString n = QStringLiteral("trunc%1.%2").arg(int(f * 100)).arg(ext);
            addImage(out, ctx, QStringLiteral("truncated %1% %2").arg(int(f * 100)).arg(ext),
                     img(n, b.left(int(b.size() * f))));
        }
        for (quint32 seed = 1; seed <= 2; ++seed) {
            const QString n = QStringLiteral("magic_junk%1.%2").arg(seed).arg(ext);
            addImage(out, ctx, QStringLiteral("magic + junk %1 %2").arg(ext).arg(seed),
                     img(n, b.left(16) + randomBytes(4096, seed)));
            // Bytes flipped after the header: decoders may still produce a (damaged) picture, or refuse it.
            const QString f = QStringLiteral("flipped%1.%2").arg(seed).arg(ext);
            addImage(out, ctx, QStringLiteral("flipped bytes %1 %2").arg(ext).arg(seed),
                     img(f, flip(b, 64, 32, seed * 7)), {0, 3});
        }
    }
    // Wrong extensions: the content decides, so these work.
    addImage(out, ctx, QStringLiteral("png named .jpg"), img(QStringLiteral("png_as.jpg"), base[QStringLiteral("png")]), {0});
    addImage(out, ctx, QStringLiteral("jpeg named .png"), img(QStringLiteral("jpg_as.png"), base[QStringLiteral("jpg")]), {0});
    addImage(out, ctx, QStringLiteral("webp named .bmp"), img(QStringLiteral("webp_as.bmp"), base[QStringLiteral("webp")]), {0});
    addImage(out, ctx, QStringLiteral("text named .jpg"), img(QStringLiteral("text.jpg"), "just some text\n"));
    addImage(out, ctx, QStringLiteral("html named .webp"), img(QStringLiteral("page.webp"), "<html><body>hi</body></html>"));
    addImage(out, ctx, QStringLiteral("wav named .png"), img(QStringLiteral("sound.png"), readAll(ctx.audio)));
    addImage(out, ctx, QStringLiteral("random named .tiff"), img(QStringLiteral("random.tiff"), randomBytes(2048, 99)));

    // Bomb and lying dimensions.
    const QByteArray& png = base[QStringLiteral("png")];
    addImage(out, ctx, QStringLiteral("png 30000x30000"), img(QStringLiteral("bomb30k.png"), pngWithSize(png, 30000, 30000)));
    addImage(out, ctx, QStringLiteral("png 2^31-1 x 1"), img(QStringLiteral("bombwide.png"), pngWithSize(png, 0x7fffffff, 1)));
    addImage(out, ctx, QStringLiteral("png 0x0"), img(QStringLiteral("zero_dims.png"), pngWithSize(png, 0, 0)));
    addImage(out, ctx, QStringLiteral("png claims 200x200"), img(QStringLiteral("lying.png"), pngWithSize(png, 200, 200)));
    addImage(out, ctx, QStringLiteral("png claims 100x100"), img(QStringLiteral("lying_small.png"), pngWithSize(png, 100, 100)), {0, 3});
    const QByteArray& jpg = base[QStringLiteral("jpg")];
    addImage(out, ctx, QStringLiteral("jpeg 65535x65535"), img(QStringLiteral("bomb.jpg"), jpegWithSize(jpg, 65535, 65535)));
    addImage(out, ctx, QStringLiteral("jpeg width 0"), img(QStringLiteral("w0.jpg"), jpegWithSize(jpg, 0, 160)));
    addImage(out, ctx, QStringLiteral("jpeg claims 9000x9000"), img(QStringLiteral("lying.jpg"), jpegWithSize(jpg, 9000, 9000)), {3, 0});
    const QByteArray vp8x = QByteArray("VP8X") + le32(10) + QByteArray(4, 0) + QByteArray("\xff\x3f\x00\xff\x3f\x00", 6);
    addImage(out, ctx, QStringLiteral("webp canvas 16384x16384"),
             img(QStringLiteral("bomb.webp"), "RIFF" + le32(quint32(4 + vp8x.size())) + "WEBP" + vp8x));
    QByteArray bmp = base[QStringLiteral("bmp")];
    addImage(out, ctx, QStringLiteral("bmp width 2^30"), img(QStringLiteral("wide.bmp"), QByteArray(bmp).replace(18, 4, le32(1u << 30))));
    addImage(out, ctx, QStringLiteral("bmp negative width"), img(QStringLiteral("negw.bmp"), QByteArray(bmp).replace(18, 4, le32(quint32(-5)))));
    addImage(out, ctx, QStringLiteral("bmp height INT_MIN"), img(QStringLiteral("hmin.bmp"), QByteArray(bmp).replace(22, 4, le32(0x80000000u))));
    addImage(out, ctx, QStringLiteral("bmp claims 4000x4000"), img(QStringLiteral("lying.bmp"), QByteArray(bmp).replace(18, 4, le32(4000)).replace(22, 4, le32(4000))));
    addImage(out, ctx, QStringLiteral("bmp 0 bits per pixel"), img(QStringLiteral("bpp0.bmp"), QByteArray(bmp).replace(28, 2, le16(0))));
    addImage(out, ctx, QStringLiteral("bmp compression 99"), img(QStringLiteral("comp99.bmp"), QByteArray(bmp).replace(30, 4, le32(99))));
    addImage(out, ctx, QStringLiteral("bmp pixel offset past end"), img(QStringLiteral("offs.bmp"), QByteArray(bmp).replace(10, 4, le32(0x7ffffff0))));
    const QByteArray tiff_big = tiffIfd({{256, 4, 0xFFFFFFFFu}, {257, 4, 0xFFFFFFFFu}});
    addImage(out, ctx, QStringLiteral("tiff 4G x 4G"), img(QStringLiteral("bomb.tiff"), tiff_big));
    addImage(out, ctx, QStringLiteral("tiff IFD past end"), img(QStringLiteral("ifd.tiff"), "II*\0" + le32(0x7ffffff0)));
    addImage(out, ctx, QStringLiteral("tiff no strips"), img(QStringLiteral("nostrips.tiff"), tiffIfd({{256, 3, 64}, {257, 3, 64}})));

    // Colour models and depths a decoder must convert: these work.
    const auto conv = [&](const QString& name, const QStringList& args) {
        const QString p = ctx.dir.filePath(QStringLiteral("img/") + name);
        tool(QStringLiteral("convert"), QStringList{small} + args + QStringList{p});
        return p;
    };
    addImage(out, ctx, QStringLiteral("CMYK jpeg"), conv(QStringLiteral("cmyk.jpg"), {QStringLiteral("-colorspace"), QStringLiteral("CMYK")}), {0});
    addImage(out, ctx, QStringLiteral("CMYK tiff"), conv(QStringLiteral("cmyk.tiff"), {QStringLiteral("-colorspace"), QStringLiteral("CMYK")}), {0});
    addImage(out, ctx, QStringLiteral("16-bit png"), conv(QStringLiteral("d16.png"), {QStringLiteral("-depth"), QStringLiteral("16")}), {0});
    addImage(out, ctx, QStringLiteral("16-bit tiff"), conv(QStringLiteral("d16.tiff"), {QStringLiteral("-depth"), QStringLiteral("16")}), {0});
    addImage(out, ctx, QStringLiteral("grey + alpha png"), conv(QStringLiteral("ga.png"), {QStringLiteral("-colorspace"), QStringLiteral("Gray"), QStringLiteral("-alpha"), QStringLiteral("on")}), {0});
    addImage(out, ctx, QStringLiteral("palette png"), conv(QStringLiteral("pal.png"), {QStringLiteral("-colors"), QStringLiteral("16"), QStringLiteral("-type"), QStringLiteral("Palette")}), {0});
    addImage(out, ctx, QStringLiteral("1x1 png"), conv(QStringLiteral("one.png"), {QStringLiteral("-resize"), QStringLiteral("1x1!")}), {0, 3});

    // Animated files are refused with a clear message.
    const QString frame2 = ctx.dir.filePath(QStringLiteral("base/small_neg.png"));
    tool(QStringLiteral("convert"), {small, QStringLiteral("-negate"), frame2});
    for (const QString ext : {"webp", "gif"}) {
        const QString p = ctx.dir.filePath(QStringLiteral("img/anim.") + ext);
        tool(QStringLiteral("convert"), {QStringLiteral("-delay"), QStringLiteral("10"), small, frame2, QStringLiteral("-loop"), QStringLiteral("0"), p});
        addImage(out, ctx, QStringLiteral("animated ") + ext, p);
    }
    addImage(out, ctx, QStringLiteral("animated png"),
             ffmpegMake(ctx, QStringLiteral("anim.png"), {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("testsrc=s=64x64:d=0.3:r=10"), QStringLiteral("-plays"), QStringLiteral("0"), QStringLiteral("-f"), QStringLiteral("apng")}));

    // EXIF: huge, lying, looping. Orientation problems fall back to "as stored".
    const auto exifJpg = [&](const QString& name, const QByteArray& seg) { return img(name, jpegInsert(jpg, seg)); };
    addImage(out, ctx, QStringLiteral("exif orientation 6"), exifJpg(QStringLiteral("exif6.jpg"), jpegApp1(tiffIfd({{0x0112, 3, 6}}))), {0});
    addImage(out, ctx, QStringLiteral("exif orientation 99"), exifJpg(QStringLiteral("exif99.jpg"), jpegApp1(tiffIfd({{0x0112, 3, 99}}))), {0});
    addImage(out, ctx, QStringLiteral("exif IFD offset past block"), exifJpg(QStringLiteral("exifoff.jpg"), jpegApp1(tiffIfd({{0x0112, 3, 6}}, 0xFFFFFFF0u))), {0});
    addImage(out, ctx, QStringLiteral("exif 65535 entries claimed"), exifJpg(QStringLiteral("exifcount.jpg"), jpegApp1(tiffIfd({{0x0112, 3, 6}}, 8, 65535))), {0});
    addImage(out, ctx, QStringLiteral("exif 64 KB block"), exifJpg(QStringLiteral("exifbig.jpg"), jpegApp1(tiffIfd({{0x0112, 3, 3}}) + QByteArray(65000, 'x'))), {0});
    {
        QByteArray many;
        for (int i = 0; i < 3000; ++i)
            many += jpegApp1(tiffIfd({{0x0112, 3, quint32(1 + i % 8)}}));
        addImage(out, ctx, QStringLiteral("exif 3000 blocks"), exifJpg(QStringLiteral("exifmany.jpg"), many), {0});
    }
    addImage(out, ctx, QStringLiteral("exif length past end"), img(QStringLiteral("exiftrunc.jpg"), jpg.left(2) + jpegApp1(tiffIfd({{0x0112, 3, 6}}), 0xFFFF)));
    addImage(out, ctx, QStringLiteral("exif wrong type"), exifJpg(QStringLiteral("exiftype.jpg"), jpegApp1(tiffIfd({{0x0112, 5, 6}}))), {0});
    addImage(out, ctx, QStringLiteral("png eXIf orientation 8"), img(QStringLiteral("exif8.png"), pngInsert(png, pngChunk("eXIf", tiffIfd({{0x0112, 3, 8}})))), {0});
    addImage(out, ctx, QStringLiteral("png eXIf 1 MB"), img(QStringLiteral("exifbig.png"), pngInsert(png, pngChunk("eXIf", tiffIfd({{0x0112, 3, 8}}) + QByteArray(1 << 20, 'x')))), {0});
    addImage(out, ctx, QStringLiteral("png chunk length 4 GB"), img(QStringLiteral("chunklen.png"), pngInsert(png, be32(0xFFFFFFF0u) + "tEXt")));
    addImage(out, ctx, QStringLiteral("webp EXIF chunk past end"), img(QStringLiteral("exif.webp"), base[QStringLiteral("webp")] + "EXIF" + le32(0x7ffffff0)));

    // Things that are not files.
    ctx.dir.mkpath(QStringLiteral("special/folder.png"));
    addImage(out, ctx, QStringLiteral("folder named .png"), ctx.dir.filePath(QStringLiteral("special/folder.png")));
    addImage(out, ctx, QStringLiteral("fifo named .png"), makeFifo(ctx, QStringLiteral("fifo.png")));
    addImage(out, ctx, QStringLiteral("link to /dev/zero"), makeLink(ctx, QStringLiteral("devzero.jpg"), QStringLiteral("/dev/zero")));
    addImage(out, ctx, QStringLiteral("dangling link"), makeLink(ctx, QStringLiteral("dangling.png"), ctx.dir.filePath(QStringLiteral("nowhere.png"))));
    addImage(out, ctx, QStringLiteral("missing file"), ctx.dir.filePath(QStringLiteral("img/missing.png")));

    // The header-only path (emote probe) on a few of the worst.
    for (const QString n : {"bomb30k.png", "bomb.jpg", "bomb.webp", "wide.bmp", "bomb.tiff", "exifcount.jpg",
                            "exifmany.jpg", "chunklen.png", "trunc50.jpg", "magic_junk1.tiff"})
        addProbe(out, QString(n), ctx.dir.filePath(QStringLiteral("img/") + n),
                 QString(n).startsWith(QLatin1String("exif")) ? QList<int>{0} : QList<int>{3});
}

// ---- audio: truncated, corrupt frames, no stream, 0 ms, 10 h header, 8-channel, 192 kHz, wrong extension ----
void audio(CorpusContext& ctx, QList<HostileCase>& out)
{
    ctx.dir.mkpath(QStringLiteral("base"));
    const QString wav = ctx.dir.filePath(QStringLiteral("base/tone.wav"));
    tool(QStringLiteral("sox"), {QStringLiteral("-n"), QStringLiteral("-r"), QStringLiteral("16000"), QStringLiteral("-c"), QStringLiteral("1"), QStringLiteral("-b"), QStringLiteral("16"), wav,
                                 QStringLiteral("synth"), QStringLiteral("2"), QStringLiteral("sine"), QStringLiteral("300-900")});
    QMap<QString, QByteArray> base;
    base[QStringLiteral("wav")] = readAll(wav);
    const QMap<QString, QStringList> codecs{{QStringLiteral("mp3"), {QStringLiteral("-c:a"), QStringLiteral("libmp3lame")}},
                                            {QStringLiteral("ogg"), {QStringLiteral("-c:a"), QStringLiteral("libvorbis")}},
                                            {QStringLiteral("opus"), {QStringLiteral("-c:a"), QStringLiteral("libopus")}},
                                            {QStringLiteral("flac"), {QStringLiteral("-c:a"), QStringLiteral("flac")}},
                                            {QStringLiteral("m4a"), {QStringLiteral("-c:a"), QStringLiteral("aac")}}};
    for (auto it = codecs.cbegin(); it != codecs.cend(); ++it)
        base[it.key()] = readAll(ffmpegMake(ctx, QStringLiteral("tone.") + it.key(), QStringList{QStringLiteral("-i"), wav} + it.value()));
    const auto aud = [&](const QString& name, const QByteArray& bytes) { return ctx.write(QStringLiteral("aud"), name, bytes); };

    for (auto it = base.cbegin(); it != base.cend(); ++it) {
        const QString ext = it.key();
        const QByteArray& b = it.value();
        addAudio(out, ctx, QStringLiteral("zero-byte ") + ext, aud(QStringLiteral("zero.") + ext, {}));
        addAudio(out, ctx, QStringLiteral("header only ") + ext, aud(QStringLiteral("head16.") + ext, b.left(16)));
        // Truncation keeps what is there: playing the first part is as valid as refusing.
        for (const double f : {0.05, 0.5, 0.9}) {
            const QString n = QStringLiteral("trunc%1.%2").arg(int(f * 100)).arg(ext);
            addAudio(out, ctx, QStringLiteral("truncated %1% %2").arg(int(f * 100)).arg(ext), aud(n, b.left(int(b.size() * f))), {3, 0});
        }
        for (quint32 seed = 1; seed <= 2; ++seed) {
            QByteArray c = b;
            const int from = c.size() / 4;
            c.replace(from, c.size() / 3, randomBytes(c.size() / 3, seed));
            addAudio(out, ctx, QStringLiteral("corrupt frames %1 %2").arg(ext).arg(seed),
                     aud(QStringLiteral("corrupt%1.%2").arg(seed).arg(ext), c), {0, 3});
            addAudio(out, ctx, QStringLiteral("magic + junk %1 %2").arg(ext).arg(seed),
                     aud(QStringLiteral("magic_junk%1.%2").arg(seed).arg(ext), b.left(12) + randomBytes(8192, seed + 10)));
        }
    }
    addAudio(out, ctx, QStringLiteral("wav named .mp3"), aud(QStringLiteral("wav_as.mp3"), base[QStringLiteral("wav")]), {0});
    addAudio(out, ctx, QStringLiteral("flac named .ogg"), aud(QStringLiteral("flac_as.ogg"), base[QStringLiteral("flac")]), {0});
    addAudio(out, ctx, QStringLiteral("m4a named .wav"), aud(QStringLiteral("m4a_as.wav"), base[QStringLiteral("m4a")]), {0});
    addAudio(out, ctx, QStringLiteral("text named .wav"), aud(QStringLiteral("text.wav"), "not audio at all\n"));
    addAudio(out, ctx, QStringLiteral("png named .mp3"), aud(QStringLiteral("picture.mp3"), readAll(ctx.portrait)));
    addAudio(out, ctx, QStringLiteral("m3u8 playlist"), aud(QStringLiteral("list.m3u8"), "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n"));
    addAudio(out, ctx, QStringLiteral("ffconcat list"), aud(QStringLiteral("list.ffconcat"), "ffconcat version 1.0\nfile /etc/passwd\n"));
    addAudio(out, ctx, QStringLiteral("sdp file"), aud(QStringLiteral("stream.sdp"), "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 5004 RTP/AVP 0\n"));

    // Streams that are missing, empty or impossible.
    addAudio(out, ctx, QStringLiteral("video without audio"),
             ffmpegMake(ctx, QStringLiteral("noaudio.mp4"), {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("color=c=red:s=64x64:r=10:d=1"), QStringLiteral("-c:v"), QStringLiteral("libx264")}));
    addAudio(out, ctx, QStringLiteral("wav 0 ms"), aud(QStringLiteral("empty.wav"), wavBytes(1, 1, 16000, 16, 0, {})));
    addAudio(out, ctx, QStringLiteral("flac 0 ms"),
             ffmpegMake(ctx, QStringLiteral("empty.flac"), {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("anullsrc=r=16000:cl=mono"), QStringLiteral("-t"), QStringLiteral("0")}), {3});
    const QByteArray pcm = base[QStringLiteral("wav")].mid(44);
    // A header that claims 10 h over 2 s of data: FFmpeg bounds the data by the file size, so the 2 s are used.
    addAudio(out, ctx, QStringLiteral("wav header says 10 h, holds 2 s"), aud(QStringLiteral("claims10h.wav"), wavBytes(1, 1, 16000, 16, 10u * 3600u * 32000u, pcm)), {0});
    {
        // A real 10 h WAV as a sparse file (no disk used): refused from its header, before any decoding.
        const quint32 ten_h = 10u * 3600u * 32000u;
        const QString p = aud(QStringLiteral("tenhours.wav"), wavBytes(1, 1, 16000, 16, ten_h, pcm));
        QFile f(p);
        if (!f.resize(44 + qint64(ten_h)))
            throw std::runtime_error("corpus: cannot make the sparse 10 h WAV");
        addAudio(out, ctx, QStringLiteral("wav 10 h (sparse file)"), p);
    }
    addAudio(out, ctx, QStringLiteral("wav 8 channels 192 kHz 10 h"), aud(QStringLiteral("tenhours8.wav"), wavBytes(1, 8, 192000, 16, 0xFFFFFFF0u, pcm)), {3, 0});
    addAudio(out, ctx, QStringLiteral("wav 0 channels"), aud(QStringLiteral("ch0.wav"), wavBytes(1, 0, 16000, 16, quint32(pcm.size()), pcm)));
    addAudio(out, ctx, QStringLiteral("wav 0 Hz"), aud(QStringLiteral("hz0.wav"), wavBytes(1, 1, 0, 16, quint32(pcm.size()), pcm)));
    addAudio(out, ctx, QStringLiteral("wav 4 GHz"), aud(QStringLiteral("hz4g.wav"), wavBytes(1, 1, 0xFFFFFFFFu, 16, quint32(pcm.size()), pcm)));
    // Found by fuzz_audio: a rate of 771 MHz made the resampler set-up take minutes and 2 GB.
    addAudio(out, ctx, QStringLiteral("wav 771 MHz"), aud(QStringLiteral("hz771m.wav"), wavBytes(1, 2, 0x2e001f40u, 8, quint32(pcm.size()), pcm)));
    addAudio(out, ctx, QStringLiteral("wav 65535 channels"), aud(QStringLiteral("ch65535.wav"), wavBytes(1, 65535, 16000, 16, quint32(pcm.size()), pcm)));
    addAudio(out, ctx, QStringLiteral("wav 0 bits"), aud(QStringLiteral("bits0.wav"), wavBytes(1, 1, 16000, 0, quint32(pcm.size()), pcm)), {3, 0});
    addAudio(out, ctx, QStringLiteral("wav 7 bits"), aud(QStringLiteral("bits7.wav"), wavBytes(1, 1, 16000, 7, quint32(pcm.size()), pcm)), {3, 0});
    addAudio(out, ctx, QStringLiteral("wav block align 0"), aud(QStringLiteral("align0.wav"), wavBytes(1, 1, 16000, 16, quint32(pcm.size()), pcm, -1, 16, 0)), {3, 0});
    addAudio(out, ctx, QStringLiteral("wav unknown codec tag"), aud(QStringLiteral("tag.wav"), wavBytes(0x9999, 1, 16000, 16, quint32(pcm.size()), pcm)));
    addAudio(out, ctx, QStringLiteral("wav fmt chunk 4 GB"), aud(QStringLiteral("fmtbig.wav"), wavBytes(1, 1, 16000, 16, quint32(pcm.size()), pcm, -1, int(0x7ffffff0))));
    addAudio(out, ctx, QStringLiteral("wav RIFF size 0"), aud(QStringLiteral("riff0.wav"), wavBytes(1, 1, 16000, 16, quint32(pcm.size()), pcm, 0)), {0, 3});
    addAudio(out, ctx, QStringLiteral("wav float 64-bit"), aud(QStringLiteral("f64.wav"), wavBytes(3, 1, 16000, 64, quint32(pcm.size()), pcm)), {0, 3});
    // Many channels and high rates are fine.
    const auto tone = [&](const QString& name, int rate, int channels) {
        QString why;
        const QString p = makeTone(ctx.dir.filePath(QStringLiteral("aud")), name, 1.0, rate, channels, &why);
        if (p.isEmpty())
            throw std::runtime_error("corpus: sox failed: " + why.toStdString());
        return p;
    };
    addAudio(out, ctx, QStringLiteral("8 channels 48 kHz"), tone(QStringLiteral("c8.wav"), 48000, 8), {0});
    addAudio(out, ctx, QStringLiteral("stereo 192 kHz"), tone(QStringLiteral("r192.wav"), 192000, 2), {0});
    addAudio(out, ctx, QStringLiteral("8 channels 192 kHz flac"),
             ffmpegMake(ctx, QStringLiteral("c8r192.flac"), {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("sine=f=440:r=192000:d=1"), QStringLiteral("-ac"), QStringLiteral("8")}), {0});
    addAudio(out, ctx, QStringLiteral("fifo named .wav"), makeFifo(ctx, QStringLiteral("fifo.wav")));
    addAudio(out, ctx, QStringLiteral("link to /dev/urandom"), makeLink(ctx, QStringLiteral("urandom.mp3"), QStringLiteral("/dev/urandom")));
    for (const QString n : {"tenhours.wav", "ch0.wav", "magic_junk1.mp3", "trunc5.m4a", "list.m3u8"})
        addProbe(out, QStringLiteral("audio ") + n, ctx.dir.filePath(QStringLiteral("aud/") + n),
                 QString(n).startsWith(QLatin1String("trunc")) ? QList<int>{3, 0} : QList<int>{3});
}

// ---- safetensors through `emote import-hallo` (net first, then the VAE and wav2vec2 files) ----
void safetensors(CorpusContext& ctx, QList<HostileCase>& out)
{
    const QByteArray data16(16, '\x01');
    const QByteArray good = safetensorsBytes(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", data16);
    int n = 0;
    // A complete Hallo release folder with NET (and optionally VAE/W2V/config) replaced.
    auto release = [&](const QString& what, const QByteArray& net, const QString& named, const QByteArray& vae = {},
                       const QByteArray& vae_config = "{}", QList<int> codes = {3}) {
        const QString root = QStringLiteral("st/%1").arg(++n, 3, 10, QLatin1Char('0'));
        const QString net_path = ctx.write(root + QStringLiteral("/hallo"), QStringLiteral("net.safetensors"), net);
        ctx.write(root + QStringLiteral("/sd-vae-ft-mse"), QStringLiteral("diffusion_pytorch_model.safetensors"), vae.isEmpty() ? good : vae);
        ctx.write(root + QStringLiteral("/sd-vae-ft-mse"), QStringLiteral("config.json"), vae_config);
        ctx.write(root + QStringLiteral("/wav2vec/wav2vec2-base-960h"), QStringLiteral("model.safetensors"), good);
        ctx.write(root + QStringLiteral("/wav2vec/wav2vec2-base-960h"), QStringLiteral("config.json"), "{}");
        ctx.write(root + QStringLiteral("/stable-diffusion-v1-5/unet"), QStringLiteral("config.json"), "{}");
        out.append({QStringLiteral("safetensors/") + what,
                    {QStringLiteral("import-hallo"), ctx.dir.filePath(root), QStringLiteral("-o"), kOut},
                    named, codes, ctx.target(QStringLiteral(".pkg")), {}, ctx.dir.filePath(root) + (named == QLatin1String("net.safetensors") ? QStringLiteral("/hallo/") : QStringLiteral("/sd-vae-ft-mse/")) + named});
        return net_path;
    };
    auto net = [&](const QString& what, const QByteArray& bytes) { release(what, bytes, QStringLiteral("net.safetensors")); };
    auto hdr = [&](const QString& what, const QByteArray& header, const QByteArray& data = QByteArray(16, '\x01')) {
        net(what, safetensorsBytes(header, data));
    };
    const QByteArray T = R"("reference_unet.w")";
    auto t1 = [&](const QByteArray& fields) { return "{" + T + ":{" + fields + "}}"; };

    QByteArray len(8, 0);
    qToLittleEndian<quint64>(200ull << 20, len.data());
    net(QStringLiteral("header length 200 MB"), len + "{}");
    qToLittleEndian<quint64>(4096, len.data());
    net(QStringLiteral("header length past end"), len + "{\"a\":1}");
    qToLittleEndian<quint64>(0, len.data());
    net(QStringLiteral("header length 0"), len + data16);
    qToLittleEndian<quint64>(~0ull, len.data());
    net(QStringLiteral("header length 2^64-1"), len + "{}");
    qToBigEndian<quint64>(20, len.data());
    net(QStringLiteral("header length big-endian"), len + "{}");
    net(QStringLiteral("4-byte file"), "\x08\0\0\0");
    net(QStringLiteral("random bytes"), randomBytes(4096, 5));
    net(QStringLiteral("random after a good length"), safetensorsBytes(randomBytes(200, 6), data16));
    hdr(QStringLiteral("header is an array"), "[1,2,3]");
    hdr(QStringLiteral("header is not JSON"), "{not json at all}");
    hdr(QStringLiteral("header truncated JSON"), "{\"reference_unet.w\":{\"dtype\":");
    hdr(QStringLiteral("trailing bytes after JSON"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[0,16])") + "xyz");
    hdr(QStringLiteral("NUL inside header"), QByteArray("{\"a\0b\":1}", 10));
    hdr(QStringLiteral("duplicate keys"), "{" + T + R"(:{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)" + T + R"(:{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})");
    hdr(QStringLiteral("duplicate field"), t1(R"("dtype":"F32","dtype":"F16","shape":[4],"data_offsets":[0,16])"));
    hdr(QStringLiteral("unknown dtype F8"), t1(R"("dtype":"F8","shape":[16],"data_offsets":[0,16])"));
    hdr(QStringLiteral("dtype is a number"), t1(R"("dtype":4,"shape":[4],"data_offsets":[0,16])"));
    hdr(QStringLiteral("wrong dtype for size"), t1(R"("dtype":"F64","shape":[4],"data_offsets":[0,16])"));
    hdr(QStringLiteral("wrong shape for size"), t1(R"("dtype":"F32","shape":[3,3],"data_offsets":[0,16])"));
    hdr(QStringLiteral("negative shape"), t1(R"("dtype":"F32","shape":[-4],"data_offsets":[0,16])"));
    hdr(QStringLiteral("fractional shape"), t1(R"("dtype":"F32","shape":[2.5],"data_offsets":[0,16])"));
    hdr(QStringLiteral("shape overflows 64 bits"), t1(R"("dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,16])"));
    hdr(QStringLiteral("element count overflows with a zero dim"),
        t1(R"("dtype":"U8","shape":[3037000500,3037000500,0],"data_offsets":[0,0])"), {});
    hdr(QStringLiteral("17 dimensions"), t1(R"("dtype":"F32","shape":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,4],"data_offsets":[0,16])"));
    hdr(QStringLiteral("shape is a string"), t1(R"("dtype":"F32","shape":"4","data_offsets":[0,16])"));
    hdr(QStringLiteral("negative offset"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[-16,0])"));
    hdr(QStringLiteral("offsets end before begin"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[16,0])"));
    hdr(QStringLiteral("offset past the data"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[1000000,1000016])"));
    hdr(QStringLiteral("offset 2^63"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[9223372036854775808,9223372036854775824])"));
    hdr(QStringLiteral("offset 1e400"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[0,1e400])"));
    hdr(QStringLiteral("three offsets"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[0,8,16])"));
    hdr(QStringLiteral("overlapping tensors"), "{" + T + R"(:{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"reference_unet.v":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})");
    hdr(QStringLiteral("gap between tensors"), "{" + T + R"(:{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"reference_unet.v":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}})");
    hdr(QStringLiteral("data not covered"), t1(R"("dtype":"F32","shape":[2],"data_offsets":[0,8])"));
    hdr(QStringLiteral("truncated data"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[0,16])"), QByteArray(7, 1));
    hdr(QStringLiteral("missing data_offsets"), t1(R"("dtype":"F32","shape":[4])"));
    hdr(QStringLiteral("unknown field"), t1(R"("dtype":"F32","shape":[4],"data_offsets":[0,16],"code":"import os")"));
    hdr(QStringLiteral("tensor is a string"), "{" + T + ":\"x\"}");
    hdr(QStringLiteral("metadata is a list"), R"({"__metadata__":[1],)" + T.mid(0) + R"(:{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})");
    hdr(QStringLiteral("metadata value is a number"), R"({"__metadata__":{"a":1},)" + T + R"(:{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})");
    hdr(QStringLiteral("nested 100000 deep"), "{\"__metadata__\":" + QByteArray(100000, '[') + QByteArray(100000, ']') + "}");
    hdr(QStringLiteral("unterminated string"), "{\"reference_unet.w");
    hdr(QStringLiteral("control character in key"), "{\"a\x01\":1}");
    hdr(QStringLiteral("bad escape"), "{\"a\\x\":1}");
    hdr(QStringLiteral("lone surrogate"), "{\"\\ud800\":1}");
    hdr(QStringLiteral("integer with 40 digits"), t1(R"("dtype":"F32","shape":[1234567890123456789012345678901234567890],"data_offsets":[0,16])"));
    hdr(QStringLiteral("key outside Hallo's net"), R"({"os.system":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})");
    {
        QByteArray many = "{";
        for (int i = 0; i < 20000; ++i)
            many += "\"x" + QByteArray::number(i) + "\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},";
        many += T + R"(:{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
        hdr(QStringLiteral("20000 tensors, foreign names"), many);
    }
    // Pickle in place of safetensors: refused without being opened.
    {
        const QString root = QStringLiteral("st/%1").arg(++n, 3, 10, QLatin1Char('0'));
        ctx.write(root + QStringLiteral("/hallo"), QStringLiteral("net.pth"), QByteArray("\x80\x02\x63os\nsystem\n", 14) + "q\0X\x05\0\0\0touch\x85R.");
        out.append({QStringLiteral("safetensors/pickle .pth instead"), {QStringLiteral("import-hallo"), ctx.dir.filePath(root), QStringLiteral("-o"), kOut},
                    QStringLiteral("net.pth"), {3}, ctx.target(QStringLiteral(".pkg")), {}, ctx.dir.filePath(root) + QStringLiteral("/hallo/net.pth")});
    }
    // Hostile .pth files (the restricted reader's own hostile set) as Hallo's net.pth: refused, nothing written.
    for (const test::PthHostileCase& c : test::hostilePthCases()) {
        const QString root = QStringLiteral("st/%1").arg(++n, 3, 10, QLatin1Char('0'));
        ctx.write(root + QStringLiteral("/hallo"), QStringLiteral("net.pth"), QByteArray(c.bytes.data(), qsizetype(c.bytes.size())));
        ctx.write(root + QStringLiteral("/sd-vae-ft-mse"), QStringLiteral("diffusion_pytorch_model.safetensors"), good);
        ctx.write(root + QStringLiteral("/sd-vae-ft-mse"), QStringLiteral("config.json"), "{}");
        ctx.write(root + QStringLiteral("/wav2vec/wav2vec2-base-960h"), QStringLiteral("model.safetensors"), good);
        ctx.write(root + QStringLiteral("/wav2vec/wav2vec2-base-960h"), QStringLiteral("config.json"), "{}");
        ctx.write(root + QStringLiteral("/stable-diffusion-v1-5/unet"), QStringLiteral("config.json"), "{}");
        out.append({QStringLiteral("pth/") + QString::fromStdString(c.name),
                    {QStringLiteral("import-hallo"), ctx.dir.filePath(root), QStringLiteral("-o"), kOut},
                    QStringLiteral("net.pth"), {3}, ctx.target(QStringLiteral(".pkg")), {},
                    ctx.dir.filePath(root) + QStringLiteral("/hallo/net.pth")});
    }
    {
        const QString p = release(QStringLiteral("net is a folder"), good, QStringLiteral("net.safetensors"));
        QFile::remove(p);
        QDir().mkpath(p);
    }
    {
        const QString p = release(QStringLiteral("net is a fifo"), good, QStringLiteral("net.safetensors"));
        QFile::remove(p);
        ::mkfifo(QFile::encodeName(p).constData(), 0600);
    }
    {
        const QString p = release(QStringLiteral("net links to /dev/zero"), good, QStringLiteral("net.safetensors"));
        QFile::remove(p);
        QFile::link(QStringLiteral("/dev/zero"), p);
    }
    const QByteArray good_net = safetensorsBytes("{" + T + R"(:{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", data16);
    // The later files are checked after the net: the half-written package must be removed.
    release(QStringLiteral("vae overlapping"), good_net, QStringLiteral("diffusion_pytorch_model.safetensors"),
            safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", data16));
    release(QStringLiteral("vae truncated"), good_net, QStringLiteral("diffusion_pytorch_model.safetensors"), good.left(good.size() - 3));
    release(QStringLiteral("vae config not JSON"), good_net, QStringLiteral("config.json"), {}, "{oops");
    release(QStringLiteral("vae config is an array"), good_net, QStringLiteral("config.json"), {}, "[]");
}

// ---- tfjs manifests and shards through `emote faces` (EMOTE_MODELS_DIR points at a doctored copy) ----
void tfjs(CorpusContext& ctx, QList<HostileCase>& out)
{
    const QDir real(ctx.models_dir + QStringLiteral("/face-api"));
    if (!real.exists(QStringLiteral("face_landmark_68_model-weights_manifest.json")))
        throw std::runtime_error("corpus: the face models are missing; run scripts/setup.sh");
    const QString M = QStringLiteral("face_landmark_68_model-weights_manifest.json");
    const QString S = QStringLiteral("face_landmark_68_model.bin");
    const QByteArray manifest = readAll(real.filePath(M));
    const QByteArray shard = readAll(real.filePath(S));
    int n = 0;
    // A models folder of links to the real files, with FILE replaced by BYTES (absent when bytes is null).
    auto models = [&](const QString& what, const QString& file, const QByteArray& bytes, const QString& named,
                      QList<int> codes = {3}) {
        const QString root = ctx.dir.filePath(QStringLiteral("tfjs/%1").arg(++n, 3, 10, QLatin1Char('0')));
        QDir().mkpath(root + QStringLiteral("/face-api"));
        for (const QString& f : real.entryList(QDir::Files))
            if (f != file)
                QFile::link(real.filePath(f), root + QStringLiteral("/face-api/") + f);
        if (!bytes.isNull()) {
            QFile o(root + QStringLiteral("/face-api/") + file);
            if (!o.open(QIODevice::WriteOnly) || o.write(bytes) != bytes.size())
                throw std::runtime_error("corpus: cannot write a tfjs file");
        }
        out.append({QStringLiteral("tfjs/") + what,
                    {QStringLiteral("faces"), ctx.portrait, QStringLiteral("--draw"), kOut},
                    named, codes, ctx.target(QStringLiteral(".png")),
                    {QStringLiteral("EMOTE_MODELS_DIR=") + root}, root + QStringLiteral("/face-api/") + file});
        return root + QStringLiteral("/face-api/") + file;
    };
    auto man = [&](const QString& what, const QByteArray& bytes, const QString& named = QString()) {
        models(what, M, bytes, named.isEmpty() ? M : named);
    };
    // Edits of the first weight entry of the landmark manifest.
    auto edit = [&](const QString& what, const QByteArray& from, const QByteArray& to) {
        QByteArray m = manifest;
        const int at = m.indexOf(from);
        if (at < 0)
            throw std::runtime_error("corpus: tfjs manifest edit found no '" + from.toStdString() + "'");
        m.replace(at, from.size(), to);
        man(what, m);
    };
    const QByteArray shape0 = R"("shape":[3,3,3,32])";
    if (!manifest.contains(shape0))
        throw std::runtime_error("corpus: unexpected landmark manifest layout");

    models(QStringLiteral("manifest missing"), M, QByteArray(), M);
    man(QStringLiteral("manifest zero bytes"), QByteArray(""));
    man(QStringLiteral("manifest not JSON"), "[{\"paths\": [");
    man(QStringLiteral("manifest is an object"), "{}");
    man(QStringLiteral("manifest empty array"), "[]");
    man(QStringLiteral("group without paths"), R"([{"weights": []}])");
    man(QStringLiteral("group is a number"), "[1]");
    man(QStringLiteral("weights not an array"), R"([{"paths": ["face_landmark_68_model.bin"], "weights": 3}])");
    man(QStringLiteral("nested 100000 deep"), QByteArray(100000, '[') + QByteArray(100000, ']'));
    man(QStringLiteral("random bytes"), randomBytes(3000, 11));
    models(QStringLiteral("shard missing"), S, QByteArray(), S);
    models(QStringLiteral("shard zero bytes"), S, QByteArray(""), S);
    models(QStringLiteral("shard truncated"), S, shard.left(shard.size() / 2), S);
    models(QStringLiteral("shard 100 bytes too long"), S, shard + QByteArray(100, 0), S);
    {
        const QString p = models(QStringLiteral("shard is a fifo"), S, QByteArray(), S);
        ::mkfifo(QFile::encodeName(p).constData(), 0600);
    }
    {
        const QString p = models(QStringLiteral("shard links to /dev/zero"), S, QByteArray(), S);
        QFile::link(QStringLiteral("/dev/zero"), p);
    }
    {
        const QString p = models(QStringLiteral("shard is a folder"), S, QByteArray(), S);
        QDir().mkpath(p);
    }
    edit(QStringLiteral("path with .."), "\"face_landmark_68_model.bin\"", "\"../face-api/face_landmark_68_model.bin\"");
    edit(QStringLiteral("absolute path"), "\"face_landmark_68_model.bin\"", "\"/etc/passwd\"");
    edit(QStringLiteral("empty path"), "\"face_landmark_68_model.bin\"", "\"\"");
    edit(QStringLiteral("path is a number"), "\"face_landmark_68_model.bin\"", "7");
    edit(QStringLiteral("shape lies bigger"), shape0, R"("shape": [3, 3, 3, 64])");
    edit(QStringLiteral("shape lies smaller"), shape0, R"("shape": [3, 3, 3, 16])");
    edit(QStringLiteral("shape negative"), shape0, R"("shape": [3, 3, -3, 32])");
    edit(QStringLiteral("shape fractional"), shape0, R"("shape": [3, 3, 3.5, 32])");
    edit(QStringLiteral("shape 2^40"), shape0, R"("shape": [1099511627776])");
    edit(QStringLiteral("shape product overflows"), shape0, R"("shape": [1099511627776, 1099511627776, 1099511627776])");
    edit(QStringLiteral("shape is a string"), shape0, R"("shape": "3x3")");
    edit(QStringLiteral("shape transposed"), shape0, R"("shape": [3, 3, 32, 3])");
    edit(QStringLiteral("dtype float16"), R"("dtype":"float32")", R"("dtype":"float16")");
    edit(QStringLiteral("dtype int32"), R"("dtype":"float32")", R"("dtype":"int32")");
    edit(QStringLiteral("quantization int4"), R"("dtype":"uint8")", R"("dtype":"int4")");
    edit(QStringLiteral("quantization uint16"), R"("dtype":"uint8")", R"("dtype":"uint16")");
    edit(QStringLiteral("quantization scale string"), R"("scale":)", R"("scale":"x","was":)");
    edit(QStringLiteral("weight without name"), R"("name":"dense0/conv0/filters")", R"("nom":"dense0/conv0/filters")");
    edit(QStringLiteral("weight renamed"), R"("name":"dense0/conv0/filters")", R"("name":"dense0/conv0/filterz")");
    {
        const QString SM = QStringLiteral("ssd_mobilenetv1_model-weights_manifest.json");
        QByteArray m = readAll(real.filePath(SM));
        const int at = m.indexOf("\"shape\":[");
        if (at < 0)
            throw std::runtime_error("corpus: unexpected SSD manifest layout");
        m.insert(at + 9, "2,");
        models(QStringLiteral("ssd manifest shape lies"), SM, m, SM);
    }
}


// ---- project files (.emote) through `emote generate --project FILE -o OUT` ----
// The base project is made by `emote project new`, so the mutations follow the format as it is.
void projects(CorpusContext& ctx, QList<HostileCase>& out)
{
    ctx.dir.mkpath(QStringLiteral("proj"));
    const QString portrait = ctx.dir.filePath(QStringLiteral("proj/face.png"));
    // Large enough that the Live engine (the default when a mutation removes the engine) accepts its face (>= 64 px).
    tool(QStringLiteral("convert"), {ctx.portrait, QStringLiteral("-resize"), QStringLiteral("384x384"), portrait});
    const QString sound = ctx.dir.filePath(QStringLiteral("proj/sound.wav"));
    tool(QStringLiteral("sox"), {QStringLiteral("-n"), QStringLiteral("-r"), QStringLiteral("16000"), QStringLiteral("-c"), QStringLiteral("1"), sound,
                                 QStringLiteral("synth"), QStringLiteral("1"), QStringLiteral("sine"), QStringLiteral("440")});
    const QString base = ctx.dir.filePath(QStringLiteral("proj/base.emote"));
    tool(cliPath(), {QStringLiteral("project"), QStringLiteral("new"), base, QStringLiteral("--portrait"), portrait,
                     QStringLiteral("--audio"), sound, QStringLiteral("-o"), ctx.dir.filePath(QStringLiteral("proj/never.mp4")),
                     QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("--size"), QStringLiteral("128")});
    const QByteArray text = readAll(base);
    const QJsonObject root = QJsonDocument::fromJson(text).object();
    if (root.isEmpty())
        throw std::runtime_error("corpus: emote project new wrote no JSON object");
    int n = 0;
    auto add = [&](const QString& what, const QByteArray& bytes, QList<int> codes = {3}) {
        const QString name = QStringLiteral("p%1.emote").arg(++n, 3, 10, QLatin1Char('0'));
        const QString file = ctx.write(QStringLiteral("proj"), name, bytes);
        out.append({QStringLiteral("project/") + what,
                    {QStringLiteral("generate"), QStringLiteral("--project"), file, QStringLiteral("-o"), kOut, QStringLiteral("-q")},
                    name, codes, ctx.target(QStringLiteral(".mp4")), {}, file});
        return file;
    };
    auto json = [](const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); };
    add(QStringLiteral("the base project works"), text, {0});

    // Every leaf value: of the wrong type, null, or removed. Removing an optional field is fine (exit 0).
    struct Leaf { QStringList path; QJsonValue value; };
    QList<Leaf> leaves;
    std::function<void(const QJsonObject&, const QStringList&)> collect = [&](const QJsonObject& o, const QStringList& at) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.value().isObject())
                collect(it.value().toObject(), at + QStringList{it.key()});
            else
                leaves.append({at + QStringList{it.key()}, it.value()});
        }
    };
    collect(root, {});
    std::function<QJsonObject(QJsonObject, const QStringList&, int, const QJsonValue*)> with =
        [&](QJsonObject o, const QStringList& path, int i, const QJsonValue* v) -> QJsonObject {
        if (i == path.size() - 1) {
            if (v)
                o.insert(path[i], *v);
            else
                o.remove(path[i]);
            return o;
        }
        o.insert(path[i], with(o.value(path[i]).toObject(), path, i + 1, v));
        return o;
    };
    for (const Leaf& l : leaves) {
        const QString key = l.path.join(QLatin1Char('.'));
        const QJsonValue wrong = l.value.isString() ? QJsonValue(7) : QJsonValue(QStringLiteral("seven"));
        add(key + QStringLiteral(" of the wrong type"), json(with(root, l.path, 0, &wrong)));
        const QJsonValue null;
        add(key + QStringLiteral(" null"), json(with(root, l.path, 0, &null)), {3, 0});
        add(key + QStringLiteral(" removed"), json(with(root, l.path, 0, nullptr)), {3, 0});
        if (l.value.isDouble()) {
            const QJsonValue huge(1e300), neg(-1);
            add(key + QStringLiteral(" 1e300"), json(with(root, l.path, 0, &huge)), {3, 0});
            add(key + QStringLiteral(" -1"), json(with(root, l.path, 0, &neg)), {3, 0});
        }
    }
    // Targeted damage.
    add(QStringLiteral("zero bytes"), QByteArray(""));
    add(QStringLiteral("truncated JSON"), text.left(text.size() / 2));
    add(QStringLiteral("not JSON"), "this is not a project\n");
    add(QStringLiteral("JSON array"), "[1,2,3]");
    add(QStringLiteral("NUL bytes"), QByteArray(64, '\0'));
    add(QStringLiteral("UTF-16"), QByteArray("\xff\xfe", 2) + QByteArray("{\0}\0", 4));
    add(QStringLiteral("nested 100000 deep"), QByteArray(100000, '[') + QByteArray(100000, ']'));
    add(QStringLiteral("2 MB of spaces"), QByteArray(2 << 20, ' ') + text);
    add(QStringLiteral("unknown top-level field"), [&] { QJsonObject o = root; o.insert(QStringLiteral("exec"), QStringLiteral("rm -rf /")); return json(o); }());
    add(QStringLiteral("format of another program"), [&] { QJsonObject o = root; o.insert(QStringLiteral("format"), QStringLiteral("kdenlive")); return json(o); }());
    add(QStringLiteral("version 999"), [&] { QJsonObject o = root; o.insert(QStringLiteral("version"), 999); return json(o); }());
    // Paths to nowhere, to folders, to devices; the message names the project.
    auto withPath = [&](const QString& role, const QString& path) {
        QJsonObject o = root;
        QJsonObject inputs = o.value(QStringLiteral("inputs")).toObject();
        QJsonObject in = inputs.value(role).toObject();
        in.insert(QStringLiteral("path"), path);
        in.insert(QStringLiteral("absolute_path"), path.startsWith(QLatin1Char('/')) ? path : QStringLiteral("/nowhere/") + path);
        inputs.insert(role, in);
        o.insert(QStringLiteral("inputs"), inputs);
        return json(o);
    };
    add(QStringLiteral("portrait path to nowhere"), withPath(QStringLiteral("portrait"), QStringLiteral("/nowhere/face.png")));
    add(QStringLiteral("audio path to nowhere"), withPath(QStringLiteral("audio"), QStringLiteral("../../../nowhere/sound.wav")));
    add(QStringLiteral("portrait is a folder"), withPath(QStringLiteral("portrait"), ctx.dir.filePath(QStringLiteral("proj"))));
    add(QStringLiteral("audio is /dev/zero"), withPath(QStringLiteral("audio"), QStringLiteral("/dev/zero")));
    add(QStringLiteral("portrait is /dev/urandom"), withPath(QStringLiteral("portrait"), QStringLiteral("/dev/urandom")));
    add(QStringLiteral("audio is the project itself"), withPath(QStringLiteral("audio"), base));
    out.last().named = QStringLiteral("base.emote"); // the refusal names the file given as audio
    add(QStringLiteral("portrait path with NUL"), withPath(QStringLiteral("portrait"), QStringLiteral("/tmp/a\u0000b.png")));
    for (quint32 seed = 1; seed <= 3; ++seed)
        add(QStringLiteral("bytes flipped %1").arg(seed), flip(text, 0, 6, seed + 40), {3, 0});
}

const QList<CorpusCategory> kCategories{
    {"images", images},
    {"audio", audio},
    {"safetensors", safetensors},
    {"tfjs", tfjs},
    {"project", projects},
};

} // namespace

QString CorpusContext::write(const QString& sub, const QString& name, const QByteArray& bytes)
{
    dir.mkpath(sub);
    const QString p = dir.filePath(sub + QLatin1Char('/') + name);
    QFile f(p);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        throw std::runtime_error("corpus: cannot write " + p.toStdString());
    return p;
}

QString CorpusContext::target(const QString& ext)
{
    dir.mkpath(QStringLiteral("out"));
    return dir.filePath(QStringLiteral("out/target%1%2").arg(++serial, 4, 10, QLatin1Char('0')).arg(ext));
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("corpus: cannot read " + path.toStdString());
    return f.readAll();
}

QByteArray randomBytes(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray b(n, 0);
    for (auto& c : b)
        c = char(rng.bounded(256));
    return b;
}

QByteArray safetensorsBytes(const QByteArray& header, const QByteArray& data)
{
    QByteArray len(8, 0);
    qToLittleEndian<quint64>(quint64(header.size()), len.data());
    return len + header + data;
}

const QList<CorpusCategory>& hostileCategories() { return kCategories; }

QList<HostileCase> makeHostileCorpus(CorpusContext& ctx)
{
    // EMOTE_CORPUS_CATEGORIES=audio,project narrows a run while working on one parser.
    const QStringList only = qEnvironmentVariable("EMOTE_CORPUS_CATEGORIES").split(QLatin1Char(','), Qt::SkipEmptyParts);
    QList<HostileCase> all;
    for (const CorpusCategory& c : kCategories)
        if (only.isEmpty() || only.contains(QLatin1String(c.name)))
            c.generate(ctx, all);
    return all;
}

} // namespace emote::test
