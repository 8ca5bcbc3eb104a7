// The SDK sends `wx.openApi` as multipart/form-data: text fields, and `requestData` as an
// application/octet-stream part holding the protobuf. This reads that format in one pass over the
// body (busboy, used before, cost ~100 µs of stream set-up per send): a part with a filename or of
// type application/octet-stream is kept as bytes, so the protobuf is not mangled by text decoding;
// any other part is UTF-8 text. A body it cannot read throws.

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The parameters of a header value such as `form-data; name="x"` or `multipart/form-data; boundary=…`:
 * `key=value` or `key="quoted \"value\""` after each `;` (a scan, not a regular expression: it runs
 * for every part of every send).
 */
function params(value: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = value.indexOf(';');
  while (i !== -1) {
    const eq = value.indexOf('=', i);
    if (eq === -1) break;
    const key = value.slice(i + 1, eq).trim().toLowerCase();
    let j = eq + 1;
    while (value[j] === ' ') j++;
    let v = '';
    if (value[j] === '"') {
      for (j++; j < value.length && value[j] !== '"'; j++) v += value[j] === '\\' ? (value[++j] ?? '') : value[j];
      j = value.indexOf(';', j);
    } else {
      const end = value.indexOf(';', j);
      v = value.slice(j, end === -1 ? undefined : end).trim();
      j = end;
    }
    if (key && !key.includes(';')) out.set(key, v);
    i = j;
  }
  return out;
}

function partHeaders(text: string): { name?: string; filename?: string; type: string } {
  let disposition = '';
  let type = 'text/plain';
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\r\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    at = end === -1 ? text.length : end + 2;
    const colon = line.indexOf(':');
    const header = line.slice(0, colon).trim().toLowerCase();
    if (header === 'content-disposition') disposition = line.slice(colon + 1).trim();
    else if (header === 'content-type') type = (line.slice(colon + 1).split(';')[0] as string).trim().toLowerCase();
  }
  if (!/^form-data\s*(;|$)/i.test(disposition)) throw new Error('multipart part without form-data disposition');
  const p = params(disposition);
  return { name: p.get('name'), filename: p.get('filename'), type };
}

export function parseMultipart(contentType: string, body: Buffer): Record<string, string | Buffer> {
  const boundary = params(contentType).get('boundary');
  if (!boundary) throw new Error('multipart request without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const nextPart = Buffer.from(`\r\n--${boundary}`);
  const out: Record<string, string | Buffer> = {};
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('multipart body without its boundary');
  for (at += delimiter.length; ; at += nextPart.length) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return out; // "--": the closing delimiter
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw new Error('malformed multipart delimiter');
    const headersEnd = body.indexOf(HEADER_END, at);
    const end = headersEnd < 0 ? -1 : body.indexOf(nextPart, headersEnd + HEADER_END.length);
    if (end < 0) throw new Error('unterminated multipart part');
    const part = partHeaders(body.toString('latin1', at + 2, headersEnd));
    const content = body.subarray(headersEnd + HEADER_END.length, end);
    if (part.name !== undefined) {
      out[part.name] = part.filename !== undefined || part.type === 'application/octet-stream' ? Buffer.from(content) : content.toString('utf8');
    }
    at = end;
  }
}
