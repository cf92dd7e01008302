<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>emote::ui::DropZone</name>
    <message>
        <source>Drop a file here or click to browse</source>
        <translation>Datei hier ablegen oder klicken, um sie auszuwählen</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Datei auswählen</translation>
    </message>
</context>
<context>
    <name>emote::ui::GenerationWorker</name>
    <message>
        <source>Unknown error while generating</source>
        <translation>Unbekannter Fehler beim Erzeugen</translation>
    </message>
</context>
<context>
    <name>emote::ui::MainWindow</name>
    <message>
        <source>Emote Studio</source>
        <translation>Emote Studio</translation>
    </message>
    <message>
        <source>Drop a portrait here
or click to browse</source>
        <translation>Porträt hier ablegen
oder klicken, um es auszuwählen</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff);;All files (*)</source>
        <translation>Bilder (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The photo to animate: drop it here or click to browse (JPEG, PNG, WebP, BMP, TIFF).</source>
        <translation>Das Foto, das animiert wird: hier ablegen oder klicken, um es auszuwählen (JPEG, PNG, WebP, BMP, TIFF).</translation>
    </message>
    <message>
        <source>Drop a voice or song here
or click to browse</source>
        <translation>Stimme oder Lied hier ablegen
oder klicken, um es auszuwählen</translation>
    </message>
    <message>
        <source>Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus);;All files (*)</source>
        <translation>Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The voice or song that drives the animation: drop it here or click to browse.</source>
        <translation>Die Stimme oder das Lied, das die Animation antreibt: hier ablegen oder klicken, um es auszuwählen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Portrait&lt;/b&gt;</source>
        <translation>&lt;b&gt;Porträt&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Audio&lt;/b&gt;</source>
        <translation>&lt;b&gt;Audio&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Drop a portrait and an audio file to begin.
You can drop both at once anywhere on the left.</source>
        <translation>Zum Beginnen ein Porträt und eine Audiodatei ablegen.
Beide lassen sich auch zusammen links ablegen.</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Make the video (Ctrl+Return); press again to cancel (Esc).</source>
        <translation>Das Video erzeugen (Strg+Eingabe); erneut drücken zum Abbrechen (Esc).</translation>
    </message>
    <message>
        <source>No video generated yet</source>
        <translation>Noch kein Video erzeugt</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Done in %1</source>
        <translation>Fertig in %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Erzeugen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Generation cancelled; nothing was written.</source>
        <translation>Erzeugen abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Portrait…</source>
        <translation>&amp;Porträt öffnen …</translation>
    </message>
    <message>
        <source>Open Portrait</source>
        <translation>Porträt öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Audio…</source>
        <translation>&amp;Audio öffnen …</translation>
    </message>
    <message>
        <source>Open Audio</source>
        <translation>Audio öffnen</translation>
    </message>
    <message>
        <source>&amp;Export To…</source>
        <translation>&amp;Exportieren nach …</translation>
    </message>
    <message>
        <source>Export Video</source>
        <translation>Video exportieren</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4-Video (*.mp4)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Random Seed</source>
        <translation>&amp;Zufälliger Startwert</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Emote Studio</source>
        <translation>Ü&amp;ber Emote Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Cannot use %1:
%2</source>
        <translation>%1 ist nicht verwendbar:
%2</translation>
    </message>
    <message>
        <source>Cannot use this portrait</source>
        <translation>Dieses Porträt ist nicht verwendbar</translation>
    </message>
    <message>
        <source>Cannot use %1: %2</source>
        <translation>%1 ist nicht verwendbar: %2</translation>
    </message>
    <message>
        <source>%1
%2 · %3×%4</source>
        <translation>%1
%2 · %3×%4</translation>
    </message>
    <message>
        <source>Portrait: %1 (%2×%3) — looking for faces…</source>
        <translation>Porträt: %1 (%2×%3) — suche Gesichter …</translation>
    </message>
    <message>
        <source>Face detection unavailable: %1</source>
        <translation>Gesichtserkennung nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>
No face found — try a clearer, frontal photo</source>
        <translation>
Kein Gesicht gefunden — ein klareres Foto von vorn versuchen</translation>
    </message>
    <message>
        <source>No face found in %1</source>
        <translation>Kein Gesicht in %1 gefunden</translation>
    </message>
    <message>
        <source>One face found in %1</source>
        <translation>Ein Gesicht in %1 gefunden</translation>
    </message>
    <message>
        <source>%1 faces found in %2</source>
        <translation>%1 Gesichter in %2 gefunden</translation>
    </message>
    <message>
        <source>Cannot use this audio</source>
        <translation>Dieses Audio ist nicht verwendbar</translation>
    </message>
    <message>
        <source>%1
%2 · %3 · %4 Hz · %5 ch</source>
        <translation>%1
%2 · %3 · %4 Hz · %5 Kan.</translation>
    </message>
    <message>
        <source>Audio: %1 (%2)</source>
        <translation>Audio: %1 (%2)</translation>
    </message>
    <message>
        <source>%1: neither a picture nor a sound we can read</source>
        <translation>%1: weder ein lesbares Bild noch ein lesbarer Ton</translation>
    </message>
    <message>
        <source>Video: %1</source>
        <translation>Video: %1</translation>
    </message>
    <message>
        <source>Nothing to animate yet</source>
        <translation>Noch nichts zu animieren</translation>
    </message>
    <message>
        <source>Load a portrait and an audio file first.</source>
        <translation>Zuerst ein Porträt und eine Audiodatei laden.</translation>
    </message>
    <message>
        <source>Before you animate this person</source>
        <translation>Bevor Sie diese Person animieren</translation>
    </message>
    <message>
        <source>Only animate people who agreed to it, and photos you have the right to use. Never use a talking video to deceive anyone about what a real person said.</source>
        <translation>Animieren Sie nur Menschen, die zugestimmt haben, und Fotos, die Sie verwenden dürfen. Täuschen Sie mit einem sprechenden Video niemals darüber, was ein echter Mensch gesagt hat.</translation>
    </message>
    <message>
        <source>I have the right to animate this person</source>
        <translation>Ich habe das Recht, diese Person zu animieren</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starte …</translation>
    </message>
    <message>
        <source>Generating %1…</source>
        <translation>Erzeuge %1 …</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Breche ab …</translation>
    </message>
    <message>
        <source>Reading audio</source>
        <translation>Audio lesen</translation>
    </message>
    <message>
        <source>Analysing</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>Kodieren</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>Abschließen</translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation>%1: %2 / %3</translation>
    </message>
    <message>
        <source> · %1 fps</source>
        <translation> · %1 B/s</translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation> · noch %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Emote Studio %1&lt;/h3&gt;&lt;p&gt;Turns a portrait and an audio track into a talking video.&lt;/p&gt;&lt;p&gt;Third-party components:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Qt 6 — LGPL-3.0&lt;/li&gt;&lt;li&gt;libtorch (PyTorch) — BSD-3-Clause&lt;/li&gt;&lt;li&gt;FFmpeg — LGPL-2.1+ (GPL-2.0+ with x264)&lt;/li&gt;&lt;li&gt;OpenCV — Apache-2.0&lt;/li&gt;&lt;li&gt;PocketSphinx and its en-US models — BSD-2-Clause&lt;/li&gt;&lt;li&gt;face-api models (@vladmandic/face-api) — MIT&lt;/li&gt;&lt;li&gt;Sample astronaut photo (NASA) — public domain&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;h3&gt;Emote Studio %1&lt;/h3&gt;&lt;p&gt;Macht aus einem Porträt und einer Tonspur ein sprechendes Video.&lt;/p&gt;&lt;p&gt;Komponenten von Drittanbietern:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Qt 6 — LGPL-3.0&lt;/li&gt;&lt;li&gt;libtorch (PyTorch) — BSD-3-Clause&lt;/li&gt;&lt;li&gt;FFmpeg — LGPL-2.1+ (GPL-2.0+ mit x264)&lt;/li&gt;&lt;li&gt;OpenCV — Apache-2.0&lt;/li&gt;&lt;li&gt;PocketSphinx und seine en-US-Modelle — BSD-2-Clause&lt;/li&gt;&lt;li&gt;face-api-Modelle (@vladmandic/face-api) — MIT&lt;/li&gt;&lt;li&gt;Beispielfoto der Astronautin (NASA) — gemeinfrei (public domain)&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>About Emote Studio</source>
        <translation>Über Emote Studio</translation>
    </message>
</context>
<context>
    <name>emote::ui::SettingsPanel</name>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Still</source>
        <translation>Standbild</translation>
    </message>
    <message>
        <source>Live animates the face in real time on the CPU.
Still shows the portrait unchanged for the whole audio.</source>
        <translation>Live animiert das Gesicht in Echtzeit auf dem Prozessor.
Standbild zeigt das Porträt unverändert über die ganze Audiodauer.</translation>
    </message>
    <message>
        <source>&amp;Engine:</source>
        <translation>&amp;Verfahren:</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <source>Height of the output video in pixels; the width follows the aspect.</source>
        <translation>Höhe des erzeugten Videos in Pixeln; die Breite folgt dem Seitenverhältnis.</translation>
    </message>
    <message>
        <source>Output &amp;size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>Square 1:1</source>
        <translation>Quadratisch 1:1</translation>
    </message>
    <message>
        <source>Portrait&apos;s own</source>
        <translation>Wie das Porträt</translation>
    </message>
    <message>
        <source>Vertical 9:16</source>
        <translation>Hochkant 9:16</translation>
    </message>
    <message>
        <source>Portrait 4:5</source>
        <translation>Hochformat 4:5</translation>
    </message>
    <message>
        <source>Wide 16:9</source>
        <translation>Breit 16:9</translation>
    </message>
    <message>
        <source>Shape of the output video (width : height).</source>
        <translation>Form des erzeugten Videos (Breite : Höhe).</translation>
    </message>
    <message>
        <source>&amp;Aspect:</source>
        <translation>&amp;Seitenverhältnis:</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> B/s</translation>
    </message>
    <message>
        <source>Frames per second of the output video.</source>
        <translation>Bilder pro Sekunde des erzeugten Videos.</translation>
    </message>
    <message>
        <source>&amp;Frame rate:</source>
        <translation>&amp;Bildrate:</translation>
    </message>
    <message>
        <source>Randomness of the animation: the same seed gives the same video.</source>
        <translation>Zufall der Animation: derselbe Startwert ergibt dasselbe Video.</translation>
    </message>
    <message>
        <source>Pick a random seed</source>
        <translation>Zufälligen Startwert wählen</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>S&amp;tartwert:</translation>
    </message>
    <message>
        <source>How fast the head moves: 0 keeps it still, 1 is natural, 2 is lively.</source>
        <translation>Wie schnell sich der Kopf bewegt: 0 hält ihn still, 1 ist natürlich, 2 ist lebhaft.</translation>
    </message>
    <message>
        <source>&amp;Head motion:</source>
        <translation>&amp;Kopfbewegung:</translation>
    </message>
    <message>
        <source>Strength of mouth, brow and eye movement: 0 is subdued, 2 is exaggerated.</source>
        <translation>Stärke der Mund-, Brauen- und Augenbewegung: 0 ist zurückhaltend, 2 ist übertrieben.</translation>
    </message>
    <message>
        <source>E&amp;xpression:</source>
        <translation>&amp;Ausdruck:</translation>
    </message>
    <message>
        <source>Blink</source>
        <translation>Blinzeln</translation>
    </message>
    <message>
        <source>Let the eyes blink now and then.</source>
        <translation>Die Augen ab und zu blinzeln lassen.</translation>
    </message>
    <message>
        <source>H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 28 is small.</source>
        <translation>H.264-Qualität (CRF): niedriger ist besser und größer; 18 ist visuell verlustfrei, 28 ist klein.</translation>
    </message>
    <message>
        <source>&amp;Quality (CRF):</source>
        <translation>&amp;Qualität (CRF):</translation>
    </message>
</context>
</TS>
