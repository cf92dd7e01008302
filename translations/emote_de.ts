<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DiffusionRunPrompt</name>
    <message>
        <source>about %1 seconds</source>
        <translation>etwa %1 Sekunden</translation>
    </message>
    <message>
        <source>about %1 minutes</source>
        <translation>etwa %1 Minuten</translation>
    </message>
    <message>
        <source>about %1 hours</source>
        <translation>etwa %1 Stunden</translation>
    </message>
    <message>
        <source>about %1 days</source>
        <translation>etwa %1 Tage</translation>
    </message>
    <message>
        <source>Diffusion on the GPU: no time measured on a GPU yet.</source>
        <translation>Diffusion auf der Grafikkarte: Für Grafikkarten ist noch keine Zeit gemessen.</translation>
    </message>
    <message>
        <source>Diffusion on the processor: no measured time for this model.</source>
        <translation>Diffusion auf dem Prozessor: Für dieses Modell gibt es keine gemessene Zeit.</translation>
    </message>
    <message>
        <source>Diffusion on the processor: %1 for this audio (estimate).</source>
        <translation>Diffusion auf dem Prozessor: %1 für diesen Ton (geschätzt).</translation>
    </message>
    <message>
        <source>The Diffusion engine would run on this computer&apos;s processor: no NVIDIA GPU is available to it. Here a 10-second clip takes %1, and this audio (%2 seconds) %3.</source>
        <translation>Das Verfahren Diffusion würde auf dem Prozessor dieses Computers laufen: Ihm steht keine NVIDIA-Grafikkarte zur Verfügung. Hier dauert ein 10-Sekunden-Clip %1 und dieser Ton (%2 Sekunden) %3.</translation>
    </message>
    <message>
        <source>Estimated from the measured times of the Hallo model on a 2-core processor, scaled by the speed of this processor measured just now (%1 against %2 billion operations per second). With an NVIDIA GPU it is far faster; the Live engine takes seconds.</source>
        <translation>Geschätzt aus den gemessenen Zeiten des Hallo-Modells auf einem Prozessor mit 2 Kernen, umgerechnet mit der eben gemessenen Geschwindigkeit dieses Prozessors (%1 gegenüber %2 Milliarden Rechenschritten pro Sekunde). Mit einer NVIDIA-Grafikkarte geht es weit schneller; das Verfahren Live braucht Sekunden.</translation>
    </message>
    <message>
        <source>This Will Take a Long Time</source>
        <translation>Das wird lange dauern</translation>
    </message>
    <message>
        <source>Generate Anyway</source>
        <translation>Trotzdem erzeugen</translation>
    </message>
</context>
<context>
    <name>UserWords</name>
    <message>
        <source>the \1 engine is not part of this installation. Choose another engine in the settings.</source>
        <translation>Das Verfahren „\1“ ist in dieser Installation nicht enthalten. Wählen Sie in den Einstellungen ein anderes Verfahren.</translation>
    </message>
    <message>
        <source>, or choose the Still engine in the settings.</source>
        <translation>, oder wählen Sie in den Einstellungen das Verfahren Standbild.</translation>
    </message>
    <message>
        <source>Use a smaller copy of the photo.</source>
        <translation>Verwenden Sie eine kleinere Kopie des Fotos.</translation>
    </message>
    <message>
        <source>Use a shorter piece of the audio.</source>
        <translation>Verwenden Sie einen kürzeren Ausschnitt des Tons.</translation>
    </message>
    <message>
        <source>Choose another name.</source>
        <translation>Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The model package&apos;s settings do not fit together; use a package made with its own configuration.</source>
        <translation>Die Einstellungen des Modellpakets passen nicht zusammen; verwenden Sie ein Paket, das mit seiner eigenen Konfiguration erstellt wurde.</translation>
    </message>
    <message>
        <source>Use a package made with its own configuration.</source>
        <translation>Verwenden Sie ein Paket, das mit seiner eigenen Konfiguration erstellt wurde.</translation>
    </message>
    <message>
        <source>Help ▸ Diffusion Models says where a package comes from.</source>
        <translation>Hilfe ▸ Diffusion-Modelle sagt, woher man ein Paket bekommt.</translation>
    </message>
    <message>
        <source>The Diffusion engine needs a model package: a folder of about 6 GB made from the Hallo model&apos;s released weights. It wants an NVIDIA GPU to run at a reasonable speed; on the CPU one second of video takes hours. The Live engine needs none of this.</source>
        <translation>Das Verfahren Diffusion braucht ein Modellpaket: einen Ordner von etwa 6 GB, erstellt aus den veröffentlichten Gewichten des Hallo-Modells. Für eine brauchbare Geschwindigkeit braucht es eine NVIDIA-Grafikkarte; auf dem Prozessor dauert eine Sekunde Video Stunden. Das Verfahren Live braucht nichts davon.</translation>
    </message>
    <message>
        <source>Needs a model package (about 6 GB, made from the Hallo model&apos;s released weights) and an NVIDIA GPU for reasonable speed. “Get the Hallo model…” makes one; Help ▸ Diffusion Models says more.</source>
        <translation>Braucht ein Modellpaket (etwa 6 GB, erstellt aus den veröffentlichten Gewichten des Hallo-Modells) und für brauchbare Geschwindigkeit eine NVIDIA-Grafikkarte. „Hallo-Modell holen …“ erstellt eines; Hilfe ▸ Diffusion-Modelle sagt mehr.</translation>
    </message>
    <message>
        <source>%1 is not there any more (moved, renamed or deleted?). Choose the file again.</source>
        <translation>%1 ist nicht mehr da (verschoben, umbenannt oder gelöscht?). Wählen Sie die Datei erneut.</translation>
    </message>
    <message>
        <source>%1 is a folder. Choose a file inside it.</source>
        <translation>%1 ist ein Ordner. Wählen Sie eine Datei darin.</translation>
    </message>
    <message>
        <source>%1 is not a normal file. Choose a photo or an audio file.</source>
        <translation>%1 ist keine gewöhnliche Datei. Wählen Sie ein Foto oder eine Audiodatei.</translation>
    </message>
    <message>
        <source>%1 is empty (0 bytes). Choose another file.</source>
        <translation>%1 ist leer (0 Byte). Wählen Sie eine andere Datei.</translation>
    </message>
    <message>
        <source>%1 cannot be read (no permission, or a disk error). Check the file&apos;s permissions, or copy it into one of your own folders.</source>
        <translation>%1 lässt sich nicht lesen (keine Berechtigung oder ein Fehler des Datenträgers). Prüfen Sie die Berechtigungen der Datei oder kopieren Sie sie in einen eigenen Ordner.</translation>
    </message>
    <message>
        <source>%1 is %2, more than the %3 Emote Studio reads. Use a smaller file.</source>
        <translation>%1 ist %2 groß, mehr als die %3, die Emote Studio liest. Verwenden Sie eine kleinere Datei.</translation>
    </message>
    <message>
        <source>%1 is not a picture Emote Studio can read. Choose a JPEG, PNG, WebP, BMP or TIFF photo.</source>
        <translation>%1 ist kein Bild, das Emote Studio lesen kann. Wählen Sie ein Foto im Format JPEG, PNG, WebP, BMP oder TIFF.</translation>
    </message>
    <message>
        <source>%1 is damaged or incomplete. Save the photo again from your photo app, or choose another.</source>
        <translation>%1 ist beschädigt oder unvollständig. Speichern Sie das Foto in Ihrer Foto-App erneut oder wählen Sie ein anderes.</translation>
    </message>
    <message>
        <source>%1 has %2×%3 pixels, more than the %4 megapixels Emote Studio reads. Use a smaller copy of the photo.</source>
        <translation>%1 hat %2×%3 Pixel, mehr als die %4 Megapixel, die Emote Studio liest. Verwenden Sie eine kleinere Kopie des Fotos.</translation>
    </message>
    <message>
        <source>%1 is an animated %2. Save one frame of it as PNG or JPEG and choose that.</source>
        <translation>%1 ist ein animiertes %2. Speichern Sie ein einzelnes Bild daraus als PNG oder JPEG und wählen Sie dieses.</translation>
    </message>
    <message>
        <source>%1 is not audio Emote Studio can read. Choose a WAV, MP3, FLAC, OGG, Opus or M4A file.</source>
        <translation>%1 ist kein Audio, das Emote Studio lesen kann. Wählen Sie eine Datei im Format WAV, MP3, FLAC, OGG, Opus oder M4A.</translation>
    </message>
    <message>
        <source>%1 has no sound track. Choose a file with speech or a song.</source>
        <translation>%1 hat keine Tonspur. Wählen Sie eine Datei mit Sprache oder einem Lied.</translation>
    </message>
    <message>
        <source>%1 is damaged: its sound cannot be decoded. Export or download it again.</source>
        <translation>%1 ist beschädigt: Der Ton lässt sich nicht dekodieren. Exportieren oder laden Sie die Datei erneut herunter.</translation>
    </message>
    <message>
        <source>%1 lasts %2, longer than the %3 Emote Studio animates. Use a shorter piece of the audio.</source>
        <translation>%1 dauert %2, länger als die %3, die Emote Studio animiert. Verwenden Sie einen kürzeren Ausschnitt des Tons.</translation>
    </message>
    <message>
        <source>%1 has no sound in it (0 seconds). Choose a recording with a voice or a song.</source>
        <translation>%1 enthält keinen Ton (0 Sekunden). Wählen Sie eine Aufnahme mit einer Stimme oder einem Lied.</translation>
    </message>
    <message>
        <source>%1 is only %2 s long, shorter than one frame of video. Choose a longer recording.</source>
        <translation>%1 ist nur %2 s lang, kürzer als ein Einzelbild des Videos. Wählen Sie eine längere Aufnahme.</translation>
    </message>
    <message>
        <source>No face found in %1. Choose a clearer photo with the face turned to the camera, or the Still engine in the settings.</source>
        <translation>Kein Gesicht in %1 gefunden. Wählen Sie ein deutlicheres Foto mit dem Gesicht zur Kamera oder in den Einstellungen das Verfahren Standbild.</translation>
    </message>
    <message>
        <source>Face %2 is chosen, but %1 shows only %3 face(s). Choose one of them on the Face &amp; Crop tab.</source>
        <translation>Gesicht %2 ist gewählt, aber %1 hat nur %3 Gesicht(er). Wählen Sie eines davon im Reiter „Gesicht &amp; Ausschnitt“.</translation>
    </message>
    <message>
        <source>The face in %1 is only %2 pixels tall; the Live engine needs %3. Choose a larger photo, or one where the face fills more of the picture.</source>
        <translation>Das Gesicht in %1 ist nur %2 Pixel hoch; das Verfahren Live braucht %3. Wählen Sie ein größeres Foto oder eines, in dem das Gesicht mehr vom Bild füllt.</translation>
    </message>
    <message>
        <source>The framing does not fit %1 (it was drawn on another photo). Reset the crop on the Face &amp; Crop tab, or draw it again.</source>
        <translation>Der Ausschnitt passt nicht zu %1 (er wurde auf einem anderen Foto gezogen). Setzen Sie ihn im Reiter „Gesicht &amp; Ausschnitt“ zurück oder ziehen Sie ihn neu.</translation>
    </message>
    <message>
        <source>The face models Emote Studio needs are missing or damaged (%1). Reinstall Emote Studio, or fetch them again with emote-fetch-models, which comes with it.</source>
        <translation>Die Gesichtsmodelle, die Emote Studio braucht, fehlen oder sind beschädigt (%1). Installieren Sie Emote Studio neu oder holen Sie sie mit dem beiliegenden Programm emote-fetch-models erneut.</translation>
    </message>
    <message>
        <source>The %1 engine is not part of this installation. Choose another engine in the settings.</source>
        <translation>Das Verfahren „%1“ ist in dieser Installation nicht enthalten. Wählen Sie in den Einstellungen ein anderes Verfahren.</translation>
    </message>
    <message>
        <source>The model package %1 is incomplete or damaged. Copy the whole folder again, or make it again with “Get the Hallo model…” (Help ▸ Diffusion Models).</source>
        <translation>Das Modellpaket %1 ist unvollständig oder beschädigt. Kopieren Sie den ganzen Ordner erneut oder erstellen Sie es neu mit „Hallo-Modell holen …“ (Hilfe ▸ Diffusion-Modelle).</translation>
    </message>
    <message>
        <source>There is not enough memory to load the %1 engine&apos;s models. Close other programs and try again.</source>
        <translation>Der Arbeitsspeicher reicht nicht, um die Modelle des Verfahrens „%1“ zu laden. Schließen Sie andere Programme und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The face in %1 is turned %2° to the side (more than %3°): only the mouth moves, without head motion, blinks or gaze. A photo facing the camera animates fully.</source>
        <translation>Das Gesicht in %1 ist um %2° zur Seite gedreht (mehr als %3°): Nur der Mund bewegt sich, ohne Kopfbewegung, Blinzeln und Blicke. Ein Foto mit dem Gesicht zur Kamera wird ganz animiert.</translation>
    </message>
    <message>
        <source>No person stands out from the background around the face in %1 (a statue, a painting, a busy picture?): only the face moves, its surroundings stay still.</source>
        <translation>Um das Gesicht in %1 hebt sich keine Person vom Hintergrund ab (eine Statue, ein Gemälde, ein unruhiges Bild?): Nur das Gesicht bewegt sich, seine Umgebung bleibt still.</translation>
    </message>
    <message>
        <source>The face in %1 does not look like a human face to the face mesh (it fits only %2 %): it is animated with the simpler rig. Check the result.</source>
        <translation>Für das Gesichtsnetz sieht das Gesicht in %1 nicht wie ein menschliches Gesicht aus (es passt nur zu %2 %): Es wird mit dem einfacheren Modell animiert. Prüfen Sie das Ergebnis.</translation>
    </message>
    <message>
        <source>The face in %1 does not look like a human face (the face mesh fits it only %2 %): only the head moves, the mouth and eyes stay as they are. Choose a photo of a person for a talking face.</source>
        <translation>Das Gesicht in %1 sieht nicht wie ein menschliches Gesicht aus (das Gesichtsnetz passt nur zu %2 %): Nur der Kopf bewegt sich, Mund und Augen bleiben, wie sie sind. Wählen Sie für ein sprechendes Gesicht das Foto einer Person.</translation>
    </message>
    <message>
        <source>The person matte model is missing, so the background beside the head moves with it. Reinstalling Emote Studio&apos;s models brings it back.</source>
        <translation>Das Modell zum Freistellen der Person fehlt, deshalb bewegt sich der Hintergrund neben dem Kopf mit. Wenn Sie die Modelle von Emote Studio neu installieren, ist es wieder da.</translation>
    </message>
    <message>
        <source>The face mesh model is missing, so head turns use a template face&apos;s depth. Reinstalling Emote Studio&apos;s models brings it back.</source>
        <translation>Das Modell des Gesichtsnetzes fehlt, deshalb nutzen Kopfdrehungen die Tiefe eines Mustergesichts. Wenn Sie die Modelle von Emote Studio neu installieren, ist es wieder da.</translation>
    </message>
    <message>
        <source>No face found in %1: the Diffusion engine uses a centred crop and default face and lip regions, so the lips follow the words less closely. A photo facing the camera, the face at least 48 pixels tall, works best.</source>
        <translation>Kein Gesicht in %1 gefunden: Das Verfahren Diffusion nimmt einen mittigen Ausschnitt und Standardbereiche für Gesicht und Lippen, daher folgen die Lippen den Worten weniger genau. Am besten eignet sich ein Foto mit dem Gesicht zur Kamera, mindestens 48 Pixel hoch.</translation>
    </message>
    <message>
        <source>This installation does its arithmetic with the slow reference library (%1): the Diffusion engine runs several times slower. Installing OpenBLAS (the package libopenblas0-openmp) speeds it up.</source>
        <translation>Diese Installation rechnet mit der langsamen Referenzbibliothek (%1): Das Verfahren Diffusion läuft um ein Mehrfaches langsamer. Mit OpenBLAS (Paket libopenblas0-openmp) geht es schneller.</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name.</source>
        <translation>%1 gibt es schon. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The folder %2 does not exist. Choose another folder for %1.</source>
        <translation>Den Ordner %2 gibt es nicht. Wählen Sie für %1 einen anderen Ordner.</translation>
    </message>
    <message>
        <source>You cannot write to the folder %2. Choose another folder for %1.</source>
        <translation>In den Ordner %2 dürfen Sie nicht schreiben. Wählen Sie für %1 einen anderen Ordner.</translation>
    </message>
    <message>
        <source>%1 is a folder. Choose a file name such as video.mp4.</source>
        <translation>%1 ist ein Ordner. Wählen Sie einen Dateinamen wie video.mp4.</translation>
    </message>
    <message>
        <source>The disk is full (or nearly) for %1. Free some space and try again.</source>
        <translation>Der Datenträger für %1 ist (fast) voll. Geben Sie Platz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that its folder is writable and the disk has space, and try again.</source>
        <translation>%1 ließ sich nicht schreiben. Prüfen Sie, ob der Ordner beschreibbar ist und der Datenträger Platz hat, und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 was saved by a newer Emote Studio (project format %2; this one reads format %3). Update Emote Studio to open it.</source>
        <translation>%1 wurde von einem neueren Emote Studio gespeichert (Projektformat %2; dieses liest Format %3). Aktualisieren Sie Emote Studio, um es zu öffnen.</translation>
    </message>
    <message>
        <source>The project %1 cannot be saved there. Choose a folder you can write to, and check the free disk space.</source>
        <translation>Das Projekt %1 lässt sich dort nicht speichern. Wählen Sie einen Ordner, in den Sie schreiben dürfen, und prüfen Sie den freien Platz.</translation>
    </message>
    <message>
        <source>Cannot reach %1 to download %2: is this computer online? Try again when it is.</source>
        <translation>%1 ist nicht erreichbar, um %2 herunterzuladen: Ist dieser Computer online? Versuchen Sie es erneut, sobald er es ist.</translation>
    </message>
    <message>
        <source>The download of %1 kept breaking off (tried %2 times). Check the network and try again.</source>
        <translation>Der Download von %1 ist immer wieder abgebrochen (%2 Versuche). Prüfen Sie das Netzwerk und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 arrived damaged (its checksum does not match) and was deleted. Try again; if it happens again, please report it.</source>
        <translation>%1 kam beschädigt an (die Prüfsumme stimmt nicht) und wurde gelöscht. Versuchen Sie es erneut; wenn es wieder passiert, melden Sie es bitte.</translation>
    </message>
    <message>
        <source>The server no longer offers %1 as this Emote Studio expects it (the release has changed). Update Emote Studio.</source>
        <translation>Der Server bietet %1 nicht mehr so an, wie dieses Emote Studio es erwartet (die Veröffentlichung hat sich geändert). Aktualisieren Sie Emote Studio.</translation>
    </message>
    <message>
        <source>The server refused to send %1. Try again later; if it keeps refusing, please report it.</source>
        <translation>Der Server hat %1 nicht gesendet. Versuchen Sie es später erneut; wenn er sich weiter weigert, melden Sie es bitte.</translation>
    </message>
    <message>
        <source>Not enough space on the disk holding %1: %2 free, %3 needed. Free some space or choose another folder.</source>
        <translation>Nicht genug Platz auf dem Datenträger von %1: %2 frei, %3 nötig. Geben Sie Platz frei oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Another download into %1 is running (in another Emote Studio, or on the command line). Wait for it to finish.</source>
        <translation>Ein anderer Download nach %1 läuft gerade (in einem anderen Emote Studio oder auf der Kommandozeile). Warten Sie, bis er fertig ist.</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another folder.</source>
        <translation>%1 gibt es schon. Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>The portrait %1 has changed since the project was saved. Check that it is the photo you mean; saving the project keeps the new one.</source>
        <translation>Das Porträt %1 hat sich geändert, seit das Projekt gespeichert wurde. Prüfen Sie, ob es das gemeinte Foto ist; beim Speichern des Projekts gilt das neue.</translation>
    </message>
    <message>
        <source>The audio %1 has changed since the project was saved. Check that it is the recording you mean; saving the project keeps the new one.</source>
        <translation>Das Audio %1 hat sich geändert, seit das Projekt gespeichert wurde. Prüfen Sie, ob es die gemeinte Aufnahme ist; beim Speichern des Projekts gilt die neue.</translation>
    </message>
    <message>
        <source>The portrait %1 is missing (moved, renamed, or on a drive that is not connected). Import it again, or put it back where it was.</source>
        <translation>Das Porträt %1 fehlt (verschoben, umbenannt oder auf einem nicht angeschlossenen Laufwerk). Importieren Sie es erneut oder legen Sie es zurück an seinen Platz.</translation>
    </message>
    <message>
        <source>The audio %1 is missing (moved, renamed, or on a drive that is not connected). Import it again, or put it back where it was.</source>
        <translation>Das Audio %1 fehlt (verschoben, umbenannt oder auf einem nicht angeschlossenen Laufwerk). Importieren Sie es erneut oder legen Sie es zurück an seinen Platz.</translation>
    </message>
    <message>
        <source>The server has no %1 (it answered %2): the release may have moved. Update Emote Studio.</source>
        <translation>Der Server hat %1 nicht (Antwort: %2): Die Veröffentlichung ist womöglich umgezogen. Aktualisieren Sie Emote Studio.</translation>
    </message>
    <message>
        <source>%1 cannot be opened: its field %2 holds something Emote Studio cannot use (the file was damaged or edited by hand). Choose a .emote file saved by Emote Studio, or fix that field.</source>
        <translation>%1 lässt sich nicht öffnen: Sein Feld %2 enthält etwas, das Emote Studio nicht verwenden kann (die Datei ist beschädigt oder wurde von Hand bearbeitet). Wählen Sie eine .emote-Datei, die Emote Studio gespeichert hat, oder berichtigen Sie dieses Feld.</translation>
    </message>
    <message>
        <source>%1 is not a project Emote Studio can open (damaged, or another kind of file). Choose a .emote file saved by Emote Studio.</source>
        <translation>%1 ist kein Projekt, das Emote Studio öffnen kann (beschädigt oder eine andere Art Datei). Wählen Sie eine .emote-Datei, die Emote Studio gespeichert hat.</translation>
    </message>
</context>
<context>
    <name>emote::ui</name>
    <message>
        <source>It has no sound in it (0 seconds long). Choose a recording with a voice or a song.</source>
        <translation>Sie enthält keinen Ton (0 Sekunden lang). Wählen Sie eine Aufnahme mit Stimme oder Gesang.</translation>
    </message>
    <message>
        <source>It is only %1 s long. Choose a recording of at least half a second.</source>
        <translation>Sie ist nur %1 s lang. Wählen Sie eine Aufnahme von mindestens einer halben Sekunde.</translation>
    </message>
    <message>
        <source>It is silent: the face will only breathe and blink. Choose another recording unless that is what you want.</source>
        <translation>Sie ist stumm: Das Gesicht wird nur atmen und blinzeln. Wählen Sie eine andere Aufnahme, falls Sie das nicht wollen.</translation>
    </message>
    <message>
        <source>The photo is only %1×%2 pixels, too small to animate. Choose one at least %3 pixels on its shorter side.</source>
        <translation>Das Foto hat nur %1×%2 Pixel, zu klein zum Animieren. Wählen Sie eines mit mindestens %3 Pixeln an der kürzeren Seite.</translation>
    </message>
    <message>
        <source>The photo is small (%1×%2 pixels): the video will look soft.</source>
        <translation>Das Foto ist klein (%1×%2 Pixel): Das Video wird unscharf wirken.</translation>
    </message>
    <message>
        <source>No face found. Choose a clearer photo with the face turned to the camera, or the Still engine.</source>
        <translation>Kein Gesicht gefunden. Wählen Sie ein deutlicheres Foto mit dem Gesicht zur Kamera oder das Verfahren Standbild.</translation>
    </message>
    <message>
        <source>The face is only %1 pixels tall: it may not animate well. A closer photo works better.</source>
        <translation>Das Gesicht ist nur %1 Pixel hoch: Es lässt sich womöglich schlecht animieren. Ein näheres Foto eignet sich besser.</translation>
    </message>
    <message>
        <source>This does not look like a human face (the face mesh fits it only %1 %): only the head will move, the mouth and eyes stay as they are. Choose a photo of a person for a talking face.</source>
        <translation>Das sieht nicht wie ein menschliches Gesicht aus (das Gesichtsnetz passt nur zu %1 %): Nur der Kopf wird sich bewegen, Mund und Augen bleiben, wie sie sind. Wählen Sie für ein sprechendes Gesicht das Foto einer Person.</translation>
    </message>
    <message>
        <source>%1 px tall</source>
        <translation>%1 px hoch</translation>
    </message>
    <message>
        <source>The crop is %1×%2 photo pixels, enlarged %3× to %4 px tall: the video will look soft. Choose a smaller size, a larger crop or a larger photo.</source>
        <translation>Der Ausschnitt hat %1×%2 Fotopixel und wird %3× auf %4 px Höhe vergrößert: Das Video wird unscharf wirken. Wählen Sie eine kleinere Größe, einen größeren Ausschnitt oder ein größeres Foto.</translation>
    </message>
</context>
<context>
    <name>emote::ui::DesktopOpen</name>
    <message>
        <source>%1 is not there any more (moved or deleted).</source>
        <translation>%1 ist nicht mehr vorhanden (verschoben oder gelöscht).</translation>
    </message>
    <message>
        <source>No file manager is set up on this system to show %1. The path is on the clipboard.</source>
        <translation>Auf diesem System ist kein Dateimanager eingerichtet, der %1 zeigen kann. Der Pfad liegt in der Zwischenablage.</translation>
    </message>
    <message>
        <source>No application is set up on this system to open %1. The path is on the clipboard.</source>
        <translation>Auf diesem System ist kein Programm eingerichtet, das %1 öffnen kann. Der Pfad liegt in der Zwischenablage.</translation>
    </message>
</context>
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
    <name>emote::ui::EditHistory</name>
    <message>
        <source>Edit</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
</context>
<context>
    <name>emote::ui::ExportDialog</name>
    <message>
        <source>Export Video</source>
        <translation>Video exportieren</translation>
    </message>
    <message>
        <source>Where the MP4 video is written (H.264 and AAC, plays everywhere).</source>
        <translation>Wohin das MP4-Video geschrieben wird (H.264 und AAC, läuft überall).</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose where to save the video</source>
        <translation>Speicherort für das Video wählen</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4-Video (*.mp4)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 23 is a good web size, 28 is small.</source>
        <translation>H.264-Qualität (CRF): niedriger ist besser und größer; 18 ist visuell verlustfrei, 23 eine gute Größe fürs Web, 28 ist klein.</translation>
    </message>
    <message>
        <source>&amp;Quality (CRF):</source>
        <translation>&amp;Qualität (CRF):</translation>
    </message>
    <message>
        <source>Visible &quot;AI-generated&quot; label</source>
        <translation>Sichtbarer Hinweis „KI-generiert“</translation>
    </message>
    <message>
        <source>Progress of the export</source>
        <translation>Fortschritt des Exports</translation>
    </message>
    <message>
        <source>Open &amp;Folder</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the exported video in the file manager</source>
        <translation>Das exportierte Video in der Dateiverwaltung zeigen.</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Generate the video in this format</source>
        <translation>Das Video in diesem Format erzeugen.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Stop the export, or close this dialog</source>
        <translation>Den Export abbrechen oder diesen Dialog schließen.</translation>
    </message>
    <message>
        <source>Choose where to save the video first.</source>
        <translation>Wählen Sie zuerst, wo das Video gespeichert werden soll.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist. Choose another place.</source>
        <translation>Der Ordner %1 existiert nicht. Wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starte …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Frame %1 of %2</source>
        <translation>Bild %1 von %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Not started yet: see the main window (inputs, or the question about the person&apos;s consent).</source>
        <translation>Noch nicht gestartet: siehe Hauptfenster (Eingaben oder die Frage nach der Zustimmung der Person).</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Same as the project</source>
        <translation>Wie im Projekt</translation>
    </message>
    <message>
        <source>vertical 9:16</source>
        <translation>hochkant 9:16</translation>
    </message>
    <message>
        <source>wide 16:9</source>
        <translation>breit 16:9</translation>
    </message>
    <message>
        <source>square</source>
        <translation>quadratisch</translation>
    </message>
    <message>
        <source>portrait 4:5</source>
        <translation>Hochformat 4:5</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Frame size in pixels for where the video goes: wide for the web, square or vertical for social media. &quot;Same as the project&quot; keeps the project&apos;s size and shape.</source>
        <translation>Bildgröße in Pixeln für den Zweck des Videos: breit fürs Web, quadratisch oder hochkant für soziale Medien. „Wie im Projekt“ behält Größe und Form des Projekts.</translation>
    </message>
    <message>
        <source>Show a small &quot;AI-generated&quot; label in a corner, so viewers know the video is synthetic. Starts as the project has it.</source>
        <translation>Ein kleines „KI-generiert“-Etikett in einer Ecke zeigen, damit Zuschauer wissen, dass das Video künstlich ist. Anfangs wie im Projekt eingestellt.</translation>
    </message>
    <message>
        <source>Same as the project (%1)</source>
        <translation>Wie im Projekt (%1)</translation>
    </message>
    <message>
        <source>Replace the File?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with this export?</source>
        <translation>%1 gibt es schon. Durch diesen Export ersetzen?</translation>
    </message>
    <message>
        <source>%1 exists and was kept. Choose another name to export.</source>
        <translation>%1 gibt es schon und wurde behalten. Wählen Sie für den Export einen anderen Namen.</translation>
    </message>
    <message>
        <source>A Generate is running in the main window; export once it is done.</source>
        <translation>Im Hauptfenster läuft gerade ein Erzeugen; exportieren Sie, wenn es fertig ist.</translation>
    </message>
</context>
<context>
    <name>emote::ui::FaceCropView</name>
    <message>
        <source>How much of the photo around the face the video shows: the crop&apos;s height as a multiple of the face&apos;s height. Moving it makes the crop your own.</source>
        <translation>Wie viel vom Foto um das Gesicht das Video zeigt: die Höhe des Ausschnitts als Vielfaches der Gesichtshöhe. Wer den Regler bewegt, legt den Ausschnitt selbst fest.</translation>
    </message>
    <message>
        <source>Show face mask</source>
        <translation>Gesichtsmaske</translation>
    </message>
    <message>
        <source>Tint the face-locator mask: the region of the chosen face the engine animates.</source>
        <translation>Die Gesichtsmaske einfärben: den Bereich des gewählten Gesichts, den das Verfahren animiert.</translation>
    </message>
    <message>
        <source>Automatic framing</source>
        <translation>Auto-Ausschnitt</translation>
    </message>
    <message>
        <source>Forget the crop and let the engine frame head and shoulders around the face.</source>
        <translation>Den Ausschnitt verwerfen und das Verfahren Kopf und Schultern um das Gesicht einrahmen lassen.</translation>
    </message>
    <message>
        <source>no face</source>
        <translation>kein Gesicht</translation>
    </message>
    <message>
        <source>one face</source>
        <translation>ein Gesicht</translation>
    </message>
    <message>
        <source>largest of %1 faces</source>
        <translation>größtes von %1 Gesichtern</translation>
    </message>
    <message>
        <source>face %1 of %2</source>
        <translation>Gesicht %1 von %2</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e57373&apos;&gt;No face inside the crop&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#e57373&apos;&gt;Kein Gesicht im Ausschnitt&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1 · automatic framing</source>
        <translation>%1 · Auto-Ausschnitt</translation>
    </message>
    <message>
        <source>%1 · crop %2×%3</source>
        <translation>%1 · Ausschnitt %2×%3</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e57373&apos;&gt;Expand %1× is not possible (%2)&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#e57373&apos;&gt;Umfang %1× ist nicht möglich (%2)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e5a00d&apos;&gt;The photo ends at %1×&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#e5a00d&apos;&gt;Das Foto endet bei %1×&lt;/span&gt;</translation>
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
        <source>Cannot use this portrait</source>
        <translation>Dieses Porträt ist nicht verwendbar</translation>
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
    <message>
        <source>Face &amp;&amp; Crop</source>
        <translation>Gesicht &amp;&amp; Ausschnitt</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Choose the face and the part of the photo the video shows.</source>
        <translation>Das Gesicht und den Teil des Fotos wählen, den das Video zeigt.</translation>
    </message>
    <message>
        <source>The frames as they are generated and played back.</source>
        <translation>Die Bilder, während sie erzeugt und abgespielt werden.</translation>
    </message>
    <message>
        <source>Playback cache unavailable: %1</source>
        <translation>Wiedergabe-Zwischenspeicher nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Saved %1 — the timeline plays only the first %2 frames: the playback cache is full (setting cache/max_bytes).</source>
        <translation>%1 gespeichert — die Zeitleiste spielt nur die ersten %2 Bilder ab: der Wiedergabe-Zwischenspeicher ist voll (Einstellung cache/max_bytes).</translation>
    </message>
    <message>
        <source>Import &amp;Portrait…</source>
        <translation>&amp;Porträt importieren …</translation>
    </message>
    <message>
        <source>Import &amp;Audio…</source>
        <translation>&amp;Audio importieren …</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>Takes</translation>
    </message>
    <message>
        <source>Every video made in this project: play, open, rename or delete them.</source>
        <translation>Jedes in diesem Projekt erzeugte Video: abspielen, öffnen, umbenennen oder löschen.</translation>
    </message>
    <message>
        <source>Takes (%1)</source>
        <translation>Takes (%1)</translation>
    </message>
    <message>
        <source>Why Generate cannot run yet, or what to keep in mind about the inputs.</source>
        <translation>Warum Erzeugen noch nicht möglich ist, oder was bei den Eingaben zu beachten ist.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Generation cancelled; nothing was written. The timeline shows %1 again.</source>
        <translation>Erzeugen abgebrochen; nichts wurde geschrieben. Die Zeitleiste zeigt wieder %1.</translation>
    </message>
    <message>
        <source>Cannot generate yet</source>
        <translation>Erzeugen noch nicht möglich</translation>
    </message>
    <message>
        <source>Where Should the Takes Go?</source>
        <translation>Wohin sollen die Takes?</translation>
    </message>
    <message>
        <source>Nothing to export yet</source>
        <translation>Noch nichts zu exportieren</translation>
    </message>
    <message>
        <source>Cannot export yet</source>
        <translation>Export noch nicht möglich</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>Exportiere %1 …</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Portrait: %1</source>
        <translation>Porträt: %1</translation>
    </message>
    <message>
        <source>Audio: %1</source>
        <translation>Audio: %1</translation>
    </message>
    <message>
        <source>Load a portrait and an audio file to generate.</source>
        <translation>Laden Sie ein Porträt und eine Audiodatei, um zu erzeugen.</translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>%1 lässt sich nicht abspielen: %2</translation>
    </message>
    <message>
        <source>Cannot play %1 here: the playback cache is unavailable. Open it in your video player instead.</source>
        <translation>%1 lässt sich hier nicht abspielen: Der Wiedergabe-Zwischenspeicher ist nicht verfügbar. Öffnen Sie es stattdessen in Ihrem Videoplayer.</translation>
    </message>
    <message>
        <source>Loading %1 onto the timeline…</source>
        <translation>Lade %1 in die Zeitleiste …</translation>
    </message>
    <message>
        <source>Cannot play all of %1: %2</source>
        <translation>%1 lässt sich nicht ganz abspielen: %2</translation>
    </message>
    <message>
        <source>%1 is on the timeline</source>
        <translation>%1 liegt in der Zeitleiste</translation>
    </message>
    <message>
        <source>Diffusion engine: %1</source>
        <translation>Diffusion-Verfahren: %1</translation>
    </message>
    <message>
        <source>The timeline is showing the run in progress; play %1 once it is done.</source>
        <translation>Die Zeitleiste zeigt gerade den laufenden Durchgang; spielen Sie %1 ab, wenn er fertig ist.</translation>
    </message>
    <message>
        <source>Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus *.mp4 *.mov);;All files (*)</source>
        <translation>Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus *.mp4 *.mov);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a Portrait</source>
        <translation>Porträt wählen</translation>
    </message>
    <message>
        <source>Choose a Voice or Song</source>
        <translation>Stimme oder Lied wählen</translation>
    </message>
    <message>
        <source>Import Portrait</source>
        <translation>Porträt importieren</translation>
    </message>
    <message>
        <source>Import Audio</source>
        <translation>Audio importieren</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Diffusion Models…</source>
        <translation>&amp;Diffusion-Modelle…</translation>
    </message>
    <message>
        <source>Only animate people who agreed to it, in photos you have the right to use: a talking video can make anyone seem to say anything, so it must never be used to deceive.</source>
        <translation>Animieren Sie nur Menschen, die zugestimmt haben, auf Fotos, die Sie verwenden dürfen: Ein sprechendes Video kann jeden alles Mögliche sagen lassen und darf deshalb nie zur Täuschung dienen.</translation>
    </message>
    <message>
        <source>Emote Studio asks this once for each new photo (%1).</source>
        <translation>Emote Studio fragt das einmal für jedes neue Foto (%1).</translation>
    </message>
    <message>
        <source>AI-generated</source>
        <extracomment>The label burned into the video&apos;s corner. Plain ASCII letters only (the video&apos;s label font has no others).</extracomment>
        <translation>KI-generiert</translation>
    </message>
    <message>
        <source>Diffusion Models</source>
        <translation>Diffusion-Modelle</translation>
    </message>
    <message>
        <source>To get one: choose the Diffusion engine in the settings and press “Get the Hallo model…” beside Model. It downloads Hallo&apos;s released weights (MIT licence; about 5.6 GB from Hugging Face), checks every file and makes the package. Or convert a pretrained_models folder of Hallo you already have with the model importer that comes with Emote Studio (the emote import-hallo command; the README&apos;s Diffusion section shows how), then choose the folder it made under Model.</source>
        <translation>So bekommen Sie eines: Wählen Sie in den Einstellungen das Verfahren Diffusion und klicken Sie neben Modell auf „Hallo-Modell holen …“. Es lädt die veröffentlichten Gewichte von Hallo herunter (MIT-Lizenz; etwa 5,6 GB von Hugging Face), prüft jede Datei und erstellt das Paket. Oder wandeln Sie einen Ordner pretrained_models von Hallo, den Sie schon haben, mit dem Modell-Importer um, der Emote Studio beiliegt (der Befehl emote import-hallo; der Abschnitt Diffusion der README zeigt, wie), und wählen Sie dann den erstellten Ordner unter Modell.</translation>
    </message>
    <message>
        <source>Reading the portrait</source>
        <translation>Porträt lesen</translation>
    </message>
    <message>
        <source>Loading models</source>
        <translation>Modelle laden</translation>
    </message>
    <message>
        <source>Preparing the face</source>
        <translation>Gesicht vorbereiten</translation>
    </message>
    <message>
        <source>Sampling steps</source>
        <translation>Diffusionsschritte</translation>
    </message>
</context>
<context>
    <name>emote::ui::ModelFetchDialog</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Get the Hallo Model</source>
        <translation>Hallo-Modell holen</translation>
    </message>
    <message>
        <source>Hallo (Fudan University, MIT licence) is the model the Diffusion engine runs. This downloads its released weights from Hugging Face, with the image decoder (sd-vae-ft-mse) and the speech encoder (wav2vec2-base-960h) it uses, checks every file against its known checksum and makes a model package of them. Nothing is downloaded until you press Download.</source>
        <translation>Hallo (Fudan-Universität, MIT-Lizenz) ist das Modell, mit dem das Verfahren Diffusion arbeitet. Dies lädt seine veröffentlichten Gewichte von Hugging Face herunter, dazu den Bild-Decoder (sd-vae-ft-mse) und den Sprach-Encoder (wav2vec2-base-960h), die es verwendet, prüft jede Datei gegen ihre bekannte Prüfsumme und erstellt daraus ein Modellpaket. Heruntergeladen wird erst, wenn Sie auf Herunterladen klicken.</translation>
    </message>
    <message>
        <source>The folder the model package is made in; the Diffusion settings then use it.</source>
        <translation>Der Ordner, in dem das Modellpaket erstellt wird; die Diffusion-Einstellungen verwenden es dann.</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ändern …</translation>
    </message>
    <message>
        <source>Where Should the Model Package Go?</source>
        <translation>Wohin soll das Modellpaket?</translation>
    </message>
    <message>
        <source>Package &amp;folder:</source>
        <translation>Paket&amp;ordner:</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>A model package is already in %1.</source>
        <translation>In %1 liegt bereits ein Modellpaket.</translation>
    </message>
    <message>
        <source>&amp;Use It</source>
        <translation>&amp;Verwenden</translation>
    </message>
    <message>
        <source>%1 already exists and is not a model package. Choose another folder.</source>
        <translation>%1 existiert bereits und ist kein Modellpaket. Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>%1 files, %2 still to download (%3 of it came in earlier).</source>
        <translation>%1 Dateien, noch %2 herunterzuladen (%3 davon kamen schon früher an).</translation>
    </message>
    <message>
        <source>%1 files, %2 to download.</source>
        <translation>%1 Dateien, %2 herunterzuladen.</translation>
    </message>
    <message>
        <source>The model package then takes about %1 in %2.</source>
        <translation>Das Modellpaket belegt danach etwa %1 in %2.</translation>
    </message>
    <message>
        <source>Needs %1 free there; %2 are free.</source>
        <translation>Dort werden %1 freier Platz gebraucht; %2 sind frei.</translation>
    </message>
    <message>
        <source>Not enough space on that disk. Free some space or choose another folder.</source>
        <translation>Nicht genug Platz auf diesem Laufwerk. Geben Sie Platz frei oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Downloading %1 (%2 of %3): %4 of %5</source>
        <translation>Lade %1 herunter (%2 von %3): %4 von %5</translation>
    </message>
    <message>
        <source>(about %1 left)</source>
        <translation>(noch etwa %1)</translation>
    </message>
    <message>
        <source>Checking %1 from the earlier download…</source>
        <translation>Prüfe %1 aus dem früheren Download …</translation>
    </message>
    <message>
        <source>Making the model package: %1 of %2…</source>
        <translation>Erstelle das Modellpaket: %1 von %2 …</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>The model package is ready.</source>
        <translation>Das Modellpaket ist fertig.</translation>
    </message>
    <message>
        <source>Stopped. What was downloaded is kept; Resume goes on from there.</source>
        <translation>Angehalten. Was heruntergeladen wurde, bleibt erhalten; Fortsetzen macht dort weiter.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>What was downloaded is kept; Try Again goes on from there.</source>
        <translation>Was heruntergeladen wurde, bleibt erhalten; Erneut versuchen macht dort weiter.</translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Halte an …</translation>
    </message>
</context>
<context>
    <name>emote::ui::ProjectController</name>
    <message>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The project %1 has changes that are not saved.</source>
        <translation>Das Projekt %1 enthält ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Save them before you go on?</source>
        <translation>Sollen sie vor dem Fortfahren gespeichert werden?</translation>
    </message>
    <message>
        <source>Emote projects (*.emote)</source>
        <translation>Emote-Projekte (*.emote)</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>Save Project</source>
        <translation>Projekt speichern</translation>
    </message>
    <message>
        <source>Restore Unsaved Work?</source>
        <translation>Ungespeicherte Arbeit wiederherstellen?</translation>
    </message>
    <message>
        <source>Emote Studio did not close properly last time. A copy of the project was saved automatically at %1.</source>
        <translation>Emote Studio wurde beim letzten Mal nicht ordnungsgemäß beendet. Eine Kopie des Projekts wurde automatisch unter %1 gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;New Project</source>
        <translation>&amp;Neues Projekt</translation>
    </message>
    <message>
        <source>Start over with no inputs (asks to save unsaved changes)</source>
        <translation>Ohne Eingaben neu beginnen (fragt, ob ungespeicherte Änderungen gespeichert werden sollen).</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt &amp;öffnen …</translation>
    </message>
    <message>
        <source>Open an Emote Studio project (.emote)</source>
        <translation>Ein Emote-Studio-Projekt (.emote) öffnen.</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save Project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <source>Save the inputs, settings and crop in the project file</source>
        <translation>Eingaben, Einstellungen und Ausschnitt in der Projektdatei speichern.</translation>
    </message>
    <message>
        <source>Save Project &amp;As…</source>
        <translation>Projekt speichern &amp;unter …</translation>
    </message>
    <message>
        <source>Save the project under a new name</source>
        <translation>Das Projekt unter einem neuen Namen speichern.</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Keine zuletzt geöffneten Projekte</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>&amp;Liste leeren</translation>
    </message>
    <message>
        <source>Missing photo:
%1
Drop it here again or click to choose it</source>
        <translation>Foto fehlt:
%1
Erneut hier ablegen oder klicken, um es auszuwählen</translation>
    </message>
    <message>
        <source>Missing audio:
%1
Drop it here again or click to choose it</source>
        <translation>Audio fehlt:
%1
Erneut hier ablegen oder klicken, um es auszuwählen</translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Project Opened With Problems</source>
        <translation>Projekt mit Problemen geöffnet</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Cannot Save Project</source>
        <translation>Projekt kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>%1[*] — Emote Studio</source>
        <translation>%1[*] — Emote Studio</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Restored the unsaved project; save it to keep it.</source>
        <translation>Ungespeichertes Projekt wiederhergestellt; speichern Sie es, um es zu behalten.</translation>
    </message>
    <message>
        <source>Cannot Restore</source>
        <translation>Wiederherstellen nicht möglich</translation>
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
        <source>&amp;Engine:</source>
        <translation>&amp;Verfahren:</translation>
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
    <message>
        <source>Diffusion</source>
        <translation>Diffusion</translation>
    </message>
    <message>
        <source>Live animates the face in real time on the CPU.
Diffusion paints every frame with a model package (slow; best with a GPU).
Still shows the portrait unchanged for the whole audio.</source>
        <translation>Live animiert das Gesicht in Echtzeit auf dem Prozessor.
Diffusion malt jedes Bild mit einem Modellpaket (langsam; am besten mit Grafikkarte).
Standbild zeigt das Porträt unverändert über die ganze Audiodauer.</translation>
    </message>
    <message>
        <source>Choose a model package…</source>
        <translation>Modellpaket wählen …</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the model package folder</source>
        <translation>Ordner des Modellpakets wählen.</translation>
    </message>
    <message>
        <source>Choose a Model Package</source>
        <translation>Modellpaket wählen</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Whether the chosen folder is a complete model package.</source>
        <translation>Ob der gewählte Ordner ein vollständiges Modellpaket ist.</translation>
    </message>
    <message>
        <source>Diffusion sampling steps per frame: more is cleaner and slower (40 is a good start).</source>
        <translation>Diffusion-Schritte pro Bild: mehr ist sauberer und langsamer (40 ist ein guter Anfang).</translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation>Schr&amp;itte:</translation>
    </message>
    <message>
        <source>How strongly Diffusion follows the audio and the photo: higher is more faithful but can look harsh (3.5 is the usual).</source>
        <translation>Wie stark Diffusion dem Audio und dem Foto folgt: höher ist getreuer, kann aber hart wirken (3,5 ist üblich).</translation>
    </message>
    <message>
        <source>&amp;Guidance:</source>
        <translation>&amp;Führung:</translation>
    </message>
    <message>
        <source>Invisible watermark</source>
        <translation>KI-Wasserzeichen</translation>
    </message>
    <message>
        <source>Hide a mark in every frame that tools can detect later, so the video can be recognised as AI-generated. It does not change how the video looks.</source>
        <translation>In jedem Bild eine Markierung verbergen, die Werkzeuge später erkennen können, damit das Video als KI-generiert erkennbar ist. Das Aussehen des Videos ändert sich dadurch nicht.</translation>
    </message>
    <message>
        <source>Visible AI label</source>
        <translation>Sichtbarer KI-Hinweis</translation>
    </message>
    <message>
        <source>Show a small &quot;AI-generated&quot; label in a corner of the video, so viewers know it is synthetic.</source>
        <translation>Einen kleinen Hinweis „KI-generiert“ in einer Ecke des Videos zeigen, damit Zuschauer wissen, dass es künstlich erzeugt ist.</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Language of Emote Studio. System follows your desktop. Takes effect the next time Emote Studio starts.</source>
        <translation>Sprache von Emote Studio. „System“ folgt der Arbeitsumgebung. Wird beim nächsten Start von Emote Studio wirksam.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>S&amp;prache:</translation>
    </message>
    <message>
        <source>%1 is not a folder. Choose the folder that holds manifest.json.</source>
        <translation>%1 ist kein Ordner. Wählen Sie den Ordner mit manifest.json.</translation>
    </message>
    <message>
        <source>In the model package %1, %2 has %3 bytes instead of %4 (incomplete copy?). Copy it again.</source>
        <translation>Im Modellpaket %1 hat %2 %3 Byte statt %4 (unvollständige Kopie?). Kopieren Sie es erneut.</translation>
    </message>
    <message>
        <source>Model package found.</source>
        <translation>Modellpaket gefunden.</translation>
    </message>
    <message>
        <source>Frame size of the output video in pixels (width × height), for the chosen aspect.</source>
        <translation>Bildgröße des Videos in Pixeln (Breite × Höhe) für das gewählte Seitenverhältnis.</translation>
    </message>
    <message>
        <source>How the chosen size compares with the part of the photo the video shows.</source>
        <translation>Wie sich die gewählte Größe zum gezeigten Teil des Fotos verhält.</translation>
    </message>
    <message>
        <source>Locked: every Generate uses this seed. Unlocked: each Generate picks a new one.</source>
        <translation>Gesperrt: Jedes Erzeugen nutzt diesen Startwert. Offen: Jedes Erzeugen wählt einen neuen.</translation>
    </message>
    <message>
        <source>%1: %2 is not possible (%3); kept %4.</source>
        <translation>%1: %2 ist nicht möglich (%3); %4 bleibt.</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>Bildrate</translation>
    </message>
    <message>
        <source>Quality (CRF)</source>
        <translation>Qualität (CRF)</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Head motion</source>
        <translation>Kopfbewegung</translation>
    </message>
    <message>
        <source>Expression</source>
        <translation>Ausdruck</translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation>Führung</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Restart Emote Studio to see it in %1.</source>
        <translation>Starten Sie Emote Studio neu, um es auf %1 zu sehen.</translation>
    </message>
    <message>
        <source>the desktop&apos;s language</source>
        <translation>der Sprache der Arbeitsumgebung</translation>
    </message>
    <message>
        <source>Folder of a Diffusion model package (it holds manifest.json and the weights; Help ▸ Diffusion Models says how to get one).</source>
        <translation>Ordner eines Diffusion-Modellpakets (er enthält manifest.json und die Gewichte; Hilfe ▸ Diffusion-Modelle sagt, woher man eines bekommt).</translation>
    </message>
    <message>
        <source>Auto (from audio)</source>
        <translation>Auto (aus dem Ton)</translation>
    </message>
    <message>
        <source>The mood the face shows in its brows, eyes, mouth corners and head. Auto reads it from how the audio is delivered (lively: happy, flat and quiet: sad, else neutral) and shows it more gently; the others hold one mood for the whole video.</source>
        <translation>Die Stimmung, die das Gesicht mit Brauen, Augen, Mundwinkeln und Kopf zeigt. Automatisch liest sie aus dem Vortrag des Tons (lebhaft: fröhlich, flach und leise: traurig, sonst neutral) und zeigt sie sanfter; die anderen halten eine Stimmung für das ganze Video.</translation>
    </message>
    <message>
        <source>Em&amp;otion:</source>
        <translation>Em&amp;otion:</translation>
    </message>
    <message>
        <source>How strongly the emotion shows: 0 not at all, 1 fully (0.6 is natural).</source>
        <translation>Wie stark die Emotion zu sehen ist: 0 gar nicht, 1 voll (0,6 wirkt natürlich).</translation>
    </message>
    <message>
        <source>&amp;Intensity:</source>
        <translation>I&amp;ntensität:</translation>
    </message>
    <message>
        <source>Intensity</source>
        <translation>Intensität</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Happy</source>
        <translation>Fröhlich</translation>
    </message>
    <message>
        <source>Sad</source>
        <translation>Traurig</translation>
    </message>
    <message>
        <source>Angry</source>
        <translation>Wütend</translation>
    </message>
    <message>
        <source>Surprised</source>
        <translation>Überrascht</translation>
    </message>
    <message>
        <source>Emotion is a Live engine setting: the Diffusion engine takes the mood from the audio alone.</source>
        <translation>Die Emotion ist eine Einstellung des Verfahrens Live: Das Verfahren Diffusion nimmt die Stimmung allein aus dem Ton.</translation>
    </message>
    <message>
        <source>Emotion is a Live engine setting: the Still engine shows the photo unchanged.</source>
        <translation>Die Emotion ist eine Einstellung des Verfahrens Live: Das Verfahren Standbild zeigt das Foto unverändert.</translation>
    </message>
    <message>
        <source>Neutral shows no emotion, so there is no intensity to set.</source>
        <translation>Neutral zeigt keine Emotion, daher gibt es keine Intensität einzustellen.</translation>
    </message>
    <message>
        <source>%1 has no manifest.json, so it is not a model package. Choose the folder the model importer made (Help ▸ Diffusion Models).</source>
        <translation>%1 enthält keine manifest.json und ist daher kein Modellpaket. Wählen Sie den Ordner, den der Modell-Importer erstellt hat (Hilfe ▸ Diffusion-Modelle).</translation>
    </message>
    <message>
        <source>The model package %1 lacks %2. Copy the whole folder again, or make the package again (Help ▸ Diffusion Models).</source>
        <translation>Im Modellpaket %1 fehlt %2. Kopieren Sie den ganzen Ordner erneut oder erstellen Sie das Paket neu (Hilfe ▸ Diffusion-Modelle).</translation>
    </message>
    <message>
        <source>Get the Hallo model…</source>
        <translation>Hallo-Modell holen …</translation>
    </message>
    <message>
        <source>Download Hallo&apos;s released weights (about 5.6 GB) and make a model package of them</source>
        <translation>Die veröffentlichten Gewichte von Hallo herunterladen (etwa 5,6 GB) und daraus ein Modellpaket erstellen</translation>
    </message>
</context>
<context>
    <name>emote::ui::StrictDoubleSpinBox</name>
    <message>
        <source>%1 to %2%3</source>
        <translation>%1 bis %2%3</translation>
    </message>
</context>
<context>
    <name>emote::ui::StrictSpinBox</name>
    <message>
        <source>%1 to %2%3</source>
        <translation>%1 bis %2%3</translation>
    </message>
</context>
<context>
    <name>emote::ui::TakeList</name>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Diffusion</source>
        <translation>Diffusion</translation>
    </message>
    <message>
        <source>Still</source>
        <translation>Standbild</translation>
    </message>
    <message>
        <source>Every video made in this project, newest first. Double-click one to play it on the timeline.</source>
        <translation>Jedes in diesem Projekt erzeugte Video, das neueste zuerst. Doppelklick spielt es in der Zeitleiste ab.</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Abspielen</translation>
    </message>
    <message>
        <source>Show this take on the timeline and in the Preview</source>
        <translation>Diesen Take in der Zeitleiste und der Vorschau zeigen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open the video in your video player</source>
        <translation>Das Video in Ihrem Videoplayer öffnen</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen …</translation>
    </message>
    <message>
        <source>Give the video file another name (in the same folder)</source>
        <translation>Der Videodatei einen anderen Namen geben (im selben Ordner)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <source>Move the video file to the trash and take it off the list</source>
        <translation>Die Videodatei in den Papierkorb legen und aus der Liste nehmen</translation>
    </message>
    <message>
        <source>Rename Take</source>
        <translation>Take umbenennen</translation>
    </message>
    <message>
        <source>New file name:</source>
        <translation>Neuer Dateiname:</translation>
    </message>
    <message>
        <source>Delete Take</source>
        <translation>Take löschen</translation>
    </message>
    <message>
        <source>Move %1 to the trash? It leaves this project&apos;s list.</source>
        <translation>%1 in den Papierkorb legen? Es verschwindet aus der Liste dieses Projekts.</translation>
    </message>
    <message>
        <source>The first Generate asks where the takes go; none is ever written over.</source>
        <translation>Das erste Erzeugen fragt, wohin die Takes kommen; keiner wird je überschrieben.</translation>
    </message>
    <message>
        <source>Next Generate writes %1 (in %2); no take is ever written over.</source>
        <translation>Das nächste Erzeugen schreibt %1 (in %2); kein Take wird je überschrieben.</translation>
    </message>
    <message>
        <source>date unknown</source>
        <translation>Datum unbekannt</translation>
    </message>
    <message>
        <source>%1 · %2 · seed %3</source>
        <translation>%1 · %2 · Startwert %3</translation>
    </message>
    <message>
        <source>%1×%2 · %3 fps</source>
        <translation>%1×%2 · %3 B/s</translation>
    </message>
    <message>
        <source>%1 px tall · %2 fps</source>
        <translation>%1 px hoch · %2 B/s</translation>
    </message>
    <message>
        <source> · %1 steps · guidance %2</source>
        <translation> · %1 Schritte · Führung %2</translation>
    </message>
    <message>
        <source> · motion %1 · expression %2</source>
        <translation> · Bewegung %1 · Ausdruck %2</translation>
    </message>
    <message>
        <source>(file missing: %1)</source>
        <translation>(Datei fehlt: %1)</translation>
    </message>
    <message>
        <source>No takes yet: each Generate adds one here, and none is ever written over.</source>
        <translation>Noch keine Takes: Jedes Erzeugen fügt hier einen hinzu, und keiner wird je überschrieben.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a plain file name: leave out folders and a leading dot.</source>
        <translation>„%1“ ist kein einfacher Dateiname: ohne Ordner und ohne Punkt am Anfang.</translation>
    </message>
    <message>
        <source>%1 already exists; nothing was renamed. Choose another name.</source>
        <translation>%1 gibt es schon; nichts wurde umbenannt. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Cannot rename %1 (is the folder writable?).</source>
        <translation>%1 lässt sich nicht umbenennen (ist der Ordner beschreibbar?).</translation>
    </message>
    <message>
        <source>Renamed to %1</source>
        <translation>Umbenannt in %1</translation>
    </message>
    <message>
        <source>Cannot move %1 to the trash; it stays on the list. Delete it in your file manager if you are sure.</source>
        <translation>%1 lässt sich nicht in den Papierkorb legen; es bleibt in der Liste. Löschen Sie es im Dateimanager, wenn Sie sicher sind.</translation>
    </message>
    <message>
        <source>Moved %1 to the trash</source>
        <translation>%1 in den Papierkorb gelegt</translation>
    </message>
</context>
<context>
    <name>emote::ui::TimelineCanvas</name>
    <message>
        <source>Click or drag to seek · Shift+drag to mark a loop · Ctrl+wheel to zoom</source>
        <translation>Klicken oder ziehen zum Springen · Umschalt+Ziehen markiert eine Schleife · Strg+Mausrad zoomt</translation>
    </message>
    <message>
        <source>Drop a voice or song to see its timeline</source>
        <translation>Stimme oder Lied ablegen, um die Zeitleiste zu sehen</translation>
    </message>
    <message>
        <source>Frames appear here as they are generated</source>
        <translation>Die Bilder erscheinen hier, während sie erzeugt werden</translation>
    </message>
    <message>
        <source>Reading the waveform…</source>
        <translation>Lese Wellenform …</translation>
    </message>
</context>
<context>
    <name>emote::ui::TimelineView</name>
    <message>
        <source>▶ Play</source>
        <translation>▶ Abspielen</translation>
    </message>
    <message>
        <source>Play or pause the generated frames with their sound (Space). On the timeline, Left/Right step a frame, Shift+Left/Right a second, Home/End jump.</source>
        <translation>Die erzeugten Bilder mit Ton abspielen oder anhalten (Leertaste). Auf der Zeitleiste: Links/Rechts ein Bild weiter, Umschalt+Links/Rechts eine Sekunde, Pos1/Ende springen.</translation>
    </message>
    <message>
        <source>⟲ Loop</source>
        <translation>⟲ Schleife</translation>
    </message>
    <message>
        <source>Loop the marked range (Ctrl+L). Shift+drag on the timeline marks a range.</source>
        <translation>Den markierten Bereich in Schleife abspielen (Strg+L). Umschalt+Ziehen auf der Zeitleiste markiert einen Bereich.</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+minus, Ctrl+wheel)</source>
        <translation>Verkleinern (Strg+Minus, Strg+Mausrad).</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+plus, Ctrl+wheel)</source>
        <translation>Vergrößern (Strg+Plus, Strg+Mausrad).</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show the whole track (Ctrl+0)</source>
        <translation>Die ganze Spur zeigen (Strg+0).</translation>
    </message>
    <message>
        <source>Play / Pause</source>
        <translation>Abspielen / Pause</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom to Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Next Frame</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <source>Previous Frame</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <source>Forward One Second</source>
        <translation>Eine Sekunde vor</translation>
    </message>
    <message>
        <source>Back One Second</source>
        <translation>Eine Sekunde zurück</translation>
    </message>
    <message>
        <source>Go to Start</source>
        <translation>Zum Anfang</translation>
    </message>
    <message>
        <source>Go to End</source>
        <translation>Zum Ende</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ Pause</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source> · frame %1</source>
        <translation> · Bild %1</translation>
    </message>
    <message>
        <source>■</source>
        <translation>■</translation>
    </message>
    <message>
        <source>Stop: pause and go back to the start (of the loop, when one is on)</source>
        <translation>Stopp: anhalten und zurück zum Anfang (der Schleife, wenn eine an ist)</translation>
    </message>
    <message>
        <source>◀❘</source>
        <translation>◀❘</translation>
    </message>
    <message>
        <source>One frame back (Left)</source>
        <translation>Ein Bild zurück (Links)</translation>
    </message>
    <message>
        <source>❘▶</source>
        <translation>❘▶</translation>
    </message>
    <message>
        <source>One frame forward (Right)</source>
        <translation>Ein Bild vor (Rechts)</translation>
    </message>
    <message>
        <source>Volume: %1%</source>
        <translation>Lautstärke: %1 %</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Volume of the sound while playing (the video&apos;s own sound is not changed)</source>
        <translation>Lautstärke beim Abspielen (der Ton des Videos selbst bleibt unverändert)</translation>
    </message>
</context>
</TS>
