// face-api in Node (tfjs pure-JS `cpu` backend, the backend the golden data came from), timed on the same
// photos as bench_face: SSD detection + 68 landmarks + descriptor, median of RUNS runs per photo.
//
//   node faceapi_bench.mjs FACE_API_ESM MODELS_DIR RUNS PHOTO.rgb:WIDTH:HEIGHT[:LABEL] ...
//
// FACE_API_ESM: @vladmandic/face-api's dist/face-api.esm.js (it bundles tfjs 4.22); PHOTO.rgb: raw 8-bit RGB.
// Prints one line per photo: `faceapi <ms> <LABEL>`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [esm, models, runsText, ...photos] = process.argv.slice(2);
if (!esm || !models || !runsText || photos.length === 0) {
  console.error('usage: node faceapi_bench.mjs FACE_API_ESM MODELS_DIR RUNS PHOTO.rgb:W:H[:LABEL] ...');
  process.exit(2);
}
// The ESM bundle is built for browsers: its Node platform shim finds no `util` module and throws on import.
// Hide Node while importing, then give tfjs a small platform of Node's own globals.
const versions = process.versions;
Object.defineProperty(process, 'versions', { value: { ...versions, node: undefined }, configurable: true });
const faceapi = await import(pathToFileURL(path.resolve(esm)).href);
Object.defineProperty(process, 'versions', { value: versions, configurable: true });
faceapi.env.setEnv(faceapi.env.createNodejsEnv());
const { tf } = faceapi;
tf.setPlatform('emote-bench', {
  fetch: (url, init) => fetch(url, init),
  now: () => performance.now(),
  encode: (text) => new TextEncoder().encode(text),
  decode: (bytes, encoding) => new TextDecoder(encoding).decode(bytes),
  isTypedArray: (a) => ArrayBuffer.isView(a) && !(a instanceof DataView),
});
await tf.setBackend('cpu');
await tf.ready();

// Weights straight from the tfjs files: shards concatenated, decoded by tfjs itself.
function load(net, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(models, `${name}-weights_manifest.json`), 'utf8'));
  const specs = [];
  const shards = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(models, p)));
  }
  const all = Buffer.concat(shards);
  net.loadFromWeightMap(tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength), specs));
}
load(faceapi.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model');
load(faceapi.nets.faceLandmark68Net, 'face_landmark_68_model');
load(faceapi.nets.faceRecognitionNet, 'face_recognition_model');

const runs = Math.max(1, Number(runsText));
const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });
for (const spec of photos) {
  const [file, w, h, label] = spec.split(':');
  const rgb = fs.readFileSync(file);
  const image = tf.tensor3d(Int32Array.from(rgb), [Number(h), Number(w), 3], 'int32');
  const once = () => faceapi.detectAllFaces(image, options).withFaceLandmarks().withFaceDescriptors();
  await once(); // warm-up
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const n = times.length;
  const median = n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  console.log(`faceapi ${median.toFixed(1)} ${label ?? file}`);
  image.dispose();
}
