// The SDK sends `wx.openApi` as multipart/form-data; `requestData` is an application/octet-stream
// part (busboy reports it as a file), read as bytes so the protobuf is not mangled by text decoding.
import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';

export function parseMultipart(headers: IncomingHttpHeaders, body: Buffer): Promise<Record<string, string | Buffer>> {
  return new Promise((resolve, reject) => {
    const out: Record<string, string | Buffer> = {};
    const bb = busboy({ headers });
    bb.on('field', (name, value) => {
      out[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        out[name] = Buffer.concat(chunks);
      });
    });
    bb.on('close', () => resolve(out));
    bb.on('error', reject);
    bb.end(body);
  });
}
