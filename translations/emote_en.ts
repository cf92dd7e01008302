<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
        <source>Audio (*.wav *.mp3 *.flac *.ogg *.m4a *.aac *.opus);;All files (*)</source>
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
        <source>Open &amp;Portrait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Audio…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export To…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Video</source>
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
        <source>Cannot use %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use this portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use %1: %2</source>
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
        <source>
No face found — try a clearer, frontal photo</source>
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
        <source>Only animate people who agreed to it, and photos you have the right to use. Never use a talking video to deceive anyone about what a real person said.</source>
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
        <source>Encoding</source>
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
        <source>Live animates the face in real time on the CPU.
Still shows the portrait unchanged for the whole audio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Engine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height of the output video in pixels; the width follows the aspect.</source>
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
</context>
</TS>
