// AWS Signature Version 4, written from providers.md §5.4 with node:crypto: a signer (for
// self-checks against the published vectors) and the verifier the fake Bedrock uses to reject
// wrongly signed requests the way AWS does (403 + x-amzn-errortype).

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** RFC 3986: unreserved A-Za-z0-9-_.~ kept, every other byte %XX upper-case. */
export function uriEncode(text) {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Non-S3 services encode the (already encoded) path once more, segment by segment. */
export function canonicalUri(rawPath) {
  if (!rawPath) return '/';
  return rawPath.split('/').map(uriEncode).join('/');
}

/** `rawQuery` as on the wire (no '?'); pairs decoded, re-encoded, sorted. */
export function canonicalQuery(rawQuery) {
  if (!rawQuery) return '';
  const pairs = rawQuery.split('&').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    const dec = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return i === -1 ? [uriEncode(dec(kv)), ''] : [uriEncode(dec(kv.slice(0, i))), uriEncode(dec(kv.slice(i + 1)))];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

const canonicalValue = (v) => String(v).trim().replace(/\s+/g, ' ');

/**
 * Canonical request from parts. `headers`: [[name, value], ...] (repeats allowed), `signed`:
 * lower-case names to include, `body`: Buffer or string.
 */
export function canonicalRequest({ method, rawPath, rawQuery = '', headers, signed, body }) {
  const byName = new Map();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (!signed.includes(key)) continue;
    byName.set(key, byName.has(key) ? `${byName.get(key)},${canonicalValue(value)}` : canonicalValue(value));
  }
  const names = [...signed].sort();
  const block = names.map((n) => `${n}:${byName.get(n) ?? ''}\n`).join('');
  return [method.toUpperCase(), canonicalUri(rawPath), canonicalQuery(rawQuery), block, names.join(';'), sha256Hex(body ?? '')].join('\n');
}

export function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function stringToSign(amzDate, scope, canonical) {
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** Signs; returns {authorization, canonical, stringToSign, signature}. */
export function sign({ method, rawPath, rawQuery = '', headers, body, accessKeyId, secretAccessKey, region, service, amzDate }) {
  const signed = [...new Set(headers.map(([n]) => n.toLowerCase()))].sort();
  const canonical = canonicalRequest({ method, rawPath, rawQuery, headers, signed, body });
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const sts = stringToSign(amzDate, scope, canonical);
  const signature = createHmac('sha256', signingKey(secretAccessKey, amzDate.slice(0, 8), region, service)).update(sts).digest('hex');
  return {
    canonical, stringToSign: sts, signature,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  };
}

function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/**
 * Verifies a received request. `rawHeaders` as node gives them ([n, v, n, v...]), `url` as on
 * the request line, `body` a Buffer. Returns null when valid, else {status, type, message} as
 * AWS would answer. `now` (ms) is the server clock for the ±15 min skew check.
 */
export function verify({ method, url, rawHeaders, body, credentials, region, service = 'bedrock', now = Date.now() }) {
  const headers = [];
  for (let i = 0; i < rawHeaders.length; i += 2) headers.push([rawHeaders[i], rawHeaders[i + 1]]);
  const get = (n) => headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v).join(',') || undefined;
  const deny = (type, message) => ({ status: 403, type, message });
  const auth = get('authorization');
  if (!auth) return deny('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return deny('IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' in the AWS4 format; got: ${auth.replace(/Signature=\S+/, 'Signature=...')}`);
  const [, akid, date, scopeRegion, scopeService, signedList, signature] = m;
  if (akid !== credentials.accessKeyId) return deny('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const amzDate = get('x-amz-date');
  if (!amzDate || Number.isNaN(parseAmzDate(amzDate))) return deny('IncompleteSignatureException', 'X-Amz-Date is missing or malformed');
  if (amzDate.slice(0, 8) !== date) return deny('InvalidSignatureException', 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP');
  if (Math.abs(parseAmzDate(amzDate) - now) > 15 * 60 * 1000) return deny('InvalidSignatureException', 'Signature expired');
  if (scopeRegion !== region) return deny('InvalidSignatureException', `Credential should be scoped to a valid region. (got ${scopeRegion}, want ${region})`);
  if (scopeService !== service) return deny('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  const signed = signedList.split(';');
  if ([...signed].sort().join(';') !== signedList) return deny('InvalidSignatureException', 'SignedHeaders must be sorted');
  for (const need of ['host', 'x-amz-date']) if (!signed.includes(need)) return deny('InvalidSignatureException', `'${need}' must be a signed header`);
  const token = get('x-amz-security-token');
  if (credentials.sessionToken !== undefined) {
    if (token !== credentials.sessionToken) return deny('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (!signed.includes('x-amz-security-token')) return deny('InvalidSignatureException', "'x-amz-security-token' must be a signed header");
  } else if (token !== undefined) {
    return deny('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  for (const n of signed) if (get(n) === undefined) return deny('InvalidSignatureException', `signed header '${n}' is missing from the request`);
  const q = url.indexOf('?');
  const canonical = canonicalRequest({ method, rawPath: q === -1 ? url : url.slice(0, q), rawQuery: q === -1 ? '' : url.slice(q + 1), headers, signed, body });
  const sts = stringToSign(amzDate, `${date}/${region}/${service}/aws4_request`, canonical);
  const want = createHmac('sha256', signingKey(credentials.secretAccessKey, date, region, service)).update(sts).digest();
  if (!timingSafeEqual(want, Buffer.from(signature, 'hex'))) {
    return deny('InvalidSignatureException', `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${sts}'\n`);
  }
  return null;
}
