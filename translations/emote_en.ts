<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DiffusionRunPrompt</name>
    <message>
        <source>about %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion on the GPU: no time measured on a GPU yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion on the processor: no measured time for this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion on the processor: %1 for this audio (estimate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Diffusion engine would run on this computer&apos;s processor: no NVIDIA GPU is available to it. Here a 10-second clip takes %1, and this audio (%2 seconds) %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated from the measured times of the Hallo model on a 2-core processor, scaled by the speed of this processor measured just now (%1 against %2 billion operations per second). With an NVIDIA GPU it is far faster; the Live engine takes seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Will Take a Long Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate Anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserWords</name>
    <message>
        <source>the \1 engine is not part of this installation. Choose another engine in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, or choose the Still engine in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a smaller copy of the photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a shorter piece of the audio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model package&apos;s settings do not fit together; use a package made with its own configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a package made with its own configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help ▸ Diffusion Models says where a package comes from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Diffusion engine needs a model package: a folder of about 6 GB made from the Hallo model&apos;s released weights. It wants an NVIDIA GPU to run at a reasonable speed; on the CPU one second of video takes hours. The Live engine needs none of this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a model package (about 6 GB, made from the Hallo model&apos;s released weights) and an NVIDIA GPU for reasonable speed. “Get the Hallo model…” makes one; Help ▸ Diffusion Models says more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not there any more (moved, renamed or deleted?). Choose the file again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder. Choose a file inside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a normal file. Choose a photo or an audio file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty (0 bytes). Choose another file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read (no permission, or a disk error). Check the file&apos;s permissions, or copy it into one of your own folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, more than the %3 Emote Studio reads. Use a smaller file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a picture Emote Studio can read. Choose a JPEG, PNG, WebP, BMP or TIFF photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged or incomplete. Save the photo again from your photo app, or choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has %2×%3 pixels, more than the %4 megapixels Emote Studio reads. Use a smaller copy of the photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is an animated %2. Save one frame of it as PNG or JPEG and choose that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not audio Emote Studio can read. Choose a WAV, MP3, FLAC, OGG, Opus or M4A file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no sound track. Choose a file with speech or a song.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged: its sound cannot be decoded. Export or download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lasts %2, longer than the %3 Emote Studio animates. Use a shorter piece of the audio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no sound in it (0 seconds). Choose a recording with a voice or a song.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is only %2 s long, shorter than one frame of video. Choose a longer recording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No face found in %1. Choose a clearer photo with the face turned to the camera, or the Still engine in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face %2 is chosen, but %1 shows only %3 face(s). Choose one of them on the Face &amp; Crop tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face in %1 is only %2 pixels tall; the Live engine needs %3. Choose a larger photo, or one where the face fills more of the picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The framing does not fit %1 (it was drawn on another photo). Reset the crop on the Face &amp; Crop tab, or draw it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face models Emote Studio needs are missing or damaged (%1). Reinstall Emote Studio, or fetch them again with emote-fetch-models, which comes with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 engine is not part of this installation. Choose another engine in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model package %1 is incomplete or damaged. Copy the whole folder again, or make it again with “Get the Hallo model…” (Help ▸ Diffusion Models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to load the %1 engine&apos;s models. Close other programs and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face in %1 is turned %2° to the side (more than %3°): only the mouth moves, without head motion, blinks or gaze. A photo facing the camera animates fully.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No person stands out from the background around the face in %1 (a statue, a painting, a busy picture?): only the face moves, its surroundings stay still.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face in %1 does not look like a human face to the face mesh (it fits only %2 %): it is animated with the simpler rig. Check the result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face in %1 does not look like a human face (the face mesh fits it only %2 %): only the head moves, the mouth and eyes stay as they are. Choose a photo of a person for a talking face.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The person matte model is missing, so the background beside the head moves with it. Reinstalling Emote Studio&apos;s models brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face mesh model is missing, so head turns use a template face&apos;s depth. Reinstalling Emote Studio&apos;s models brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No face found in %1: the Diffusion engine uses a centred crop and default face and lip regions, so the lips follow the words less closely. A photo facing the camera, the face at least 48 pixels tall, works best.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This installation does its arithmetic with the slow reference library (%1): the Diffusion engine runs several times slower. Installing OpenBLAS (the package libopenblas0-openmp) speeds it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %2 does not exist. Choose another folder for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot write to the folder %2. Choose another folder for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder. Choose a file name such as video.mp4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full (or nearly) for %1. Free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written. Check that its folder is writable and the disk has space, and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was saved by a newer Emote Studio (project format %2; this one reads format %3). Update Emote Studio to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project %1 cannot be saved there. Choose a folder you can write to, and check the free disk space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1 to download %2: is this computer online? Try again when it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download of %1 kept breaking off (tried %2 times). Check the network and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 arrived damaged (its checksum does not match) and was deleted. Try again; if it happens again, please report it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server no longer offers %1 as this Emote Studio expects it (the release has changed). Update Emote Studio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused to send %1. Try again later; if it keeps refusing, please report it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough space on the disk holding %1: %2 free, %3 needed. Free some space or choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another download into %1 is running (in another Emote Studio, or on the command line). Wait for it to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portrait %1 has changed since the project was saved. Check that it is the photo you mean; saving the project keeps the new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audio %1 has changed since the project was saved. Check that it is the recording you mean; saving the project keeps the new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portrait %1 is missing (moved, renamed, or on a drive that is not connected). Import it again, or put it back where it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audio %1 is missing (moved, renamed, or on a drive that is not connected). Import it again, or put it back where it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has no %1 (it answered %2): the release may have moved. Update Emote Studio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be opened: its field %2 holds something Emote Studio cannot use (the file was damaged or edited by hand). Choose a .emote file saved by Emote Studio, or fix that field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a project Emote Studio can open (damaged, or another kind of file). Choose a .emote file saved by Emote Studio.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui</name>
    <message>
        <source>It has no sound in it (0 seconds long). Choose a recording with a voice or a song.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is only %1 s long. Choose a recording of at least half a second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is silent: the face will only breathe and blink. Choose another recording unless that is what you want.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The photo is only %1×%2 pixels, too small to animate. Choose one at least %3 pixels on its shorter side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The photo is small (%1×%2 pixels): the video will look soft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No face found. Choose a clearer photo with the face turned to the camera, or the Still engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The face is only %1 pixels tall: it may not animate well. A closer photo works better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This does not look like a human face (the face mesh fits it only %1 %): only the head will move, the mouth and eyes stay as they are. Choose a photo of a person for a talking face.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 px tall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The crop is %1×%2 photo pixels, enlarged %3× to %4 px tall: the video will look soft. Choose a smaller size, a larger crop or a larger photo.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::DesktopOpen</name>
    <message>
        <source>%1 is not there any more (moved or deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file manager is set up on this system to show %1. The path is on the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No application is set up on this system to open %1. The path is on the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::DropZone</name>
    <message>
        <source>Drop a file here or click to browse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::EditHistory</name>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::ExportDialog</name>
    <message>
        <source>Export Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the MP4 video is written (H.264 and AAC, plays everywhere).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 23 is a good web size, 28 is small.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quality (CRF):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible &quot;AI-generated&quot; label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress of the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the exported video in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate the video in this format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the export, or close this dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the video first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 does not exist. Choose another place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started yet: see the main window (inputs, or the question about the person&apos;s consent).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vertical 9:16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wide 16:9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>square</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>portrait 4:5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame size in pixels for where the video goes: wide for the web, square or vertical for social media. &quot;Same as the project&quot; keeps the project&apos;s size and shape.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a small &quot;AI-generated&quot; label in a corner, so viewers know the video is synthetic. Starts as the project has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the project (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the File?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with this export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists and was kept. Choose another name to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Generate is running in the main window; export once it is done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::FaceCropView</name>
    <message>
        <source>How much of the photo around the face the video shows: the crop&apos;s height as a multiple of the face&apos;s height. Moving it makes the crop your own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show face mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tint the face-locator mask: the region of the chosen face the engine animates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic framing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the crop and let the engine frame head and shoulders around the face.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>largest of %1 faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>face %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e57373&apos;&gt;No face inside the crop&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · automatic framing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · crop %2×%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e57373&apos;&gt;Expand %1× is not possible (%2)&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#e5a00d&apos;&gt;The photo ends at %1×&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::GenerationWorker</name>
    <message>
        <source>Unknown error while generating</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::MainWindow</name>
    <message>
        <source>Emote Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a portrait here
or click to browse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The photo to animate: drop it here or click to browse (JPEG, PNG, WebP, BMP, TIFF).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a voice or song here
or click to browse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The voice or song that drives the animation: drop it here or click to browse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Portrait&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Audio&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a portrait and an audio file to begin.
You can drop both at once anywhere on the left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the video (Ctrl+Return); press again to cancel (Esc).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No video generated yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Random Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Emote Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use this portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 · %3×%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portrait: %1 (%2×%3) — looking for faces…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face detection unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No face found in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One face found in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 faces found in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use this audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 · %3 · %4 Hz · %5 ch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: neither a picture nor a sound we can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to animate yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a portrait and an audio file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before you animate this person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have the right to animate this person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Emote Studio %1&lt;/h3&gt;&lt;p&gt;Turns a portrait and an audio track into a talking video.&lt;/p&gt;&lt;p&gt;Third-party components:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Qt 6 — LGPL-3.0&lt;/li&gt;&lt;li&gt;libtorch (PyTorch) — BSD-3-Clause&lt;/li&gt;&lt;li&gt;FFmpeg — LGPL-2.1+ (GPL-2.0+ with x264)&lt;/li&gt;&lt;li&gt;OpenCV — Apache-2.0&lt;/li&gt;&lt;li&gt;PocketSphinx and its en-US models — BSD-2-Clause&lt;/li&gt;&lt;li&gt;face-api models (@vladmandic/face-api) — MIT&lt;/li&gt;&lt;li&gt;Sample astronaut photo (NASA) — public domain&lt;/li&gt;&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Emote Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face &amp;&amp; Crop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the face and the part of the photo the video shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The frames as they are generated and played back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback cache unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 — the timeline plays only the first %2 frames: the playback cache is full (setting cache/max_bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;Portrait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;Audio…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every video made in this project: play, open, rename or delete them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Generate cannot run yet, or what to keep in mind about the inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation cancelled; nothing was written. The timeline shows %1 again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot generate yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where Should the Takes Go?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portrait: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a portrait and an audio file to generate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play %1 here: the playback cache is unavailable. Open it in your video player instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 onto the timeline…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play all of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is on the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion engine: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timeline is showing the run in progress; play %1 once it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus *.mp4 *.mov);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Voice or Song</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Diffusion Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only animate people who agreed to it, in photos you have the right to use: a talking video can make anyone seem to say anything, so it must never be used to deceive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emote Studio asks this once for each new photo (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AI-generated</source>
        <extracomment>The label burned into the video&apos;s corner. Plain ASCII letters only (the video&apos;s label font has no others).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To get one: choose the Diffusion engine in the settings and press “Get the Hallo model…” beside Model. It downloads Hallo&apos;s released weights (MIT licence; about 5.6 GB from Hugging Face), checks every file and makes the package. Or convert a pretrained_models folder of Hallo you already have with the model importer that comes with Emote Studio (the emote import-hallo command; the README&apos;s Diffusion section shows how), then choose the folder it made under Model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::ModelFetchDialog</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get the Hallo Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hallo (Fudan University, MIT licence) is the model the Diffusion engine runs. This downloads its released weights from Hugging Face, with the image decoder (sd-vae-ft-mse) and the speech encoder (wav2vec2-base-960h) it uses, checks every file against its known checksum and makes a model package of them. Nothing is downloaded until you press Download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder the model package is made in; the Diffusion settings then use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where Should the Model Package Go?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Package &amp;folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model package is already in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use It</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists and is not a model package. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files, %2 still to download (%3 of it came in earlier).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files, %2 to download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model package then takes about %1 in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs %1 free there; %2 are free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough space on that disk. Free some space or choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading %1 (%2 of %3): %4 of %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(about %1 left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1 from the earlier download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the model package: %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model package is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. What was downloaded is kept; Resume goes on from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was downloaded is kept; Try Again goes on from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::ProjectController</name>
    <message>
        <source>Unsaved Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project %1 has changes that are not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save them before you go on?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emote projects (*.emote)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore Unsaved Work?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emote Studio did not close properly last time. A copy of the project was saved automatically at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start over with no inputs (asks to save unsaved changes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an Emote Studio project (.emote)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the inputs, settings and crop in the project file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Project &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the project under a new name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing photo:
%1
Drop it here again or click to choose it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing audio:
%1
Drop it here again or click to choose it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project Opened With Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Save Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] — Emote Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the unsaved project; save it to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::SettingsPanel</name>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Engine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output &amp;size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Square 1:1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portrait&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertical 9:16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portrait 4:5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wide 16:9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape of the output video (width : height).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Aspect:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames per second of the output video.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Frame rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Randomness of the animation: the same seed gives the same video.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How fast the head moves: 0 keeps it still, 1 is natural, 2 is lively.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Head motion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength of mouth, brow and eye movement: 0 is subdued, 2 is exaggerated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpression:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blink</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let the eyes blink now and then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 28 is small.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quality (CRF):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live animates the face in real time on the CPU.
Diffusion paints every frame with a model package (slow; best with a GPU).
Still shows the portrait unchanged for the whole audio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model package…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model package folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Model Package</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the chosen folder is a complete model package.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion sampling steps per frame: more is cleaner and slower (40 is a good start).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How strongly Diffusion follows the audio and the photo: higher is more faithful but can look harsh (3.5 is the usual).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Guidance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invisible watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide a mark in every frame that tools can detect later, so the video can be recognised as AI-generated. It does not change how the video looks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible AI label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a small &quot;AI-generated&quot; label in a corner of the video, so viewers know it is synthetic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of Emote Studio. System follows your desktop. Takes effect the next time Emote Studio starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder. Choose the folder that holds manifest.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the model package %1, %2 has %3 bytes instead of %4 (incomplete copy?). Copy it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model package found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame size of the output video in pixels (width × height), for the chosen aspect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the chosen size compares with the part of the photo the video shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked: every Generate uses this seed. Unlocked: each Generate picks a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is not possible (%3); kept %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality (CRF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head motion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart Emote Studio to see it in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the desktop&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of a Diffusion model package (it holds manifest.json and the weights; Help ▸ Diffusion Models says how to get one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto (from audio)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mood the face shows in its brows, eyes, mouth corners and head. Auto reads it from how the audio is delivered (lively: happy, flat and quiet: sad, else neutral) and shows it more gently; the others hold one mood for the whole video.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Em&amp;otion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How strongly the emotion shows: 0 not at all, 1 fully (0.6 is natural).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Intensity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intensity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Happy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Angry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Surprised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emotion is a Live engine setting: the Diffusion engine takes the mood from the audio alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emotion is a Live engine setting: the Still engine shows the photo unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neutral shows no emotion, so there is no intensity to set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no manifest.json, so it is not a model package. Choose the folder the model importer made (Help ▸ Diffusion Models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model package %1 lacks %2. Copy the whole folder again, or make the package again (Help ▸ Diffusion Models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get the Hallo model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download Hallo&apos;s released weights (about 5.6 GB) and make a model package of them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::StrictDoubleSpinBox</name>
    <message>
        <source>%1 to %2%3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::StrictSpinBox</name>
    <message>
        <source>%1 to %2%3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::TakeList</name>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every video made in this project, newest first. Double-click one to play it on the timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this take on the timeline and in the Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the video in your video player</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the video file another name (in the same folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the video file to the trash and take it off the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New file name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1 to the trash? It leaves this project&apos;s list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first Generate asks where the takes go; none is ever written over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Generate writes %1 (in %2); no take is ever written over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>date unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · seed %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1×%2 · %3 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 px tall · %2 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 steps · guidance %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · motion %1 · expression %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(file missing: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No takes yet: each Generate adds one here, and none is ever written over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a plain file name: leave out folders and a leading dot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; nothing was renamed. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename %1 (is the folder writable?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move %1 to the trash; it stays on the list. Delete it in your file manager if you are sure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved %1 to the trash</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::TimelineCanvas</name>
    <message>
        <source>Click or drag to seek · Shift+drag to mark a loop · Ctrl+wheel to zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a voice or song to see its timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames appear here as they are generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the waveform…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>emote::ui::TimelineView</name>
    <message>
        <source>▶ Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause the generated frames with their sound (Space). On the timeline, Left/Right step a frame, Shift+Left/Right a second, Home/End jump.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⟲ Loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop the marked range (Ctrl+L). Shift+drag on the timeline marks a range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+minus, Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+plus, Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole track (Ctrl+0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play / Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous Frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward One Second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back One Second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · frame %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>■</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop: pause and go back to the start (of the loop, when one is on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀❘</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One frame back (Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>❘▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One frame forward (Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume: %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume of the sound while playing (the video&apos;s own sound is not changed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
