// application/vnd.amazon.eventstream framing (providers.md §5.3), written from the spec:
// big-endian prelude (total length, headers length, prelude CRC32), headers, payload, message
// CRC32. An encoder for the fake Bedrock, and a strict decoder for self-checks.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, reflected 0xEDB88320, as zlib crc32). */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Headers given as {name: string} are string-typed (type 7), which is all Bedrock uses. */
function encodeHeaders(headers) {
  const parts = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(String(value), 'utf8');
    const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
    h.writeUInt8(n.length, 0);
    n.copy(h, 1);
    h.writeUInt8(7, 1 + n.length);
    h.writeUInt16BE(v.length, 2 + n.length);
    v.copy(h, 4 + n.length);
    parts.push(h);
  }
  return Buffer.concat(parts);
}

/** One message: `headers` ({name: stringValue}), `payload` (Buffer, string or JSON-able object). */
export function encodeMessage(headers, payload = Buffer.alloc(0)) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const h = encodeHeaders(headers);
  const total = 12 + h.length + body.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(h.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  h.copy(out, 12);
  body.copy(out, 12 + h.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** A Bedrock stream event (payload = the event's member body). */
export function eventFrame(eventType, payload) {
  return encodeMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, payload);
}

/** A modeled exception inside a 200 stream. */
export function exceptionFrame(exceptionType, message) {
  return encodeMessage({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, { message });
}

/** Decodes back-to-back messages; throws on a bad CRC or a truncated tail. */
export function decodeMessages(buf) {
  const out = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < 16) throw new Error('eventstream: truncated prelude');
    const total = buf.readUInt32BE(pos);
    const hlen = buf.readUInt32BE(pos + 4);
    if (crc32(buf.subarray(pos, pos + 8)) !== buf.readUInt32BE(pos + 8)) throw new Error('eventstream: prelude CRC mismatch');
    if (buf.length - pos < total) throw new Error('eventstream: truncated message');
    if (crc32(buf.subarray(pos, pos + total - 4)) !== buf.readUInt32BE(pos + total - 4)) throw new Error('eventstream: message CRC mismatch');
    const headers = {};
    let p = pos + 12;
    const hend = p + hlen;
    while (p < hend) {
      const nlen = buf.readUInt8(p);
      const name = buf.toString('utf8', p + 1, p + 1 + nlen);
      const type = buf.readUInt8(p + 1 + nlen);
      if (type !== 7) throw new Error(`eventstream: header type ${type} not supported here`);
      const vlen = buf.readUInt16BE(p + 2 + nlen);
      headers[name] = buf.toString('utf8', p + 4 + nlen, p + 4 + nlen + vlen);
      p += 4 + nlen + vlen;
    }
    out.push({ headers, payload: buf.subarray(hend, pos + total - 4) });
    pos += total;
  }
  return out;
}
