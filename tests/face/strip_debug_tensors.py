#!/usr/bin/env python3
"""Copy a golden nets.safetensors without its `debug.*` tensors (intermediate activations that only help
when debugging a port; the tests do not read them). Keeps the other tensors, their order and the metadata.

    tests/face/strip_debug_tensors.py IN.safetensors OUT.safetensors
"""
import json
import struct
import sys


def main(src, dst):
    with open(src, 'rb') as f:
        blob = f.read()
    (n,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    meta = header.pop('__metadata__', None)
    kept = sorted(((k, v) for k, v in header.items() if not k.startswith('debug.')),
                  key=lambda kv: kv[1]['data_offsets'][0])
    out_header, chunks, offset = {}, [], 0
    if meta is not None:
        out_header['__metadata__'] = meta
    for name, info in kept:
        begin, end = info['data_offsets']
        chunks.append(data[begin:end])
        out_header[name] = dict(info, data_offsets=[offset, offset + end - begin])
        offset += end - begin
    text = json.dumps(out_header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(dst, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
