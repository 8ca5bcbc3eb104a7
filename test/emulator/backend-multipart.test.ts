// The open API's multipart bodies, read the way the SDK writes them: text fields as UTF-8, the
// protobuf part as bytes (even when they hold CRLF and dashes), anything malformed refused.
import { parseMultipart } from '../../emulator/backend/openapi/multipart';

const B = '--------------------------0dab818fd7e9b43b52ba5f14';
const part = (headers: string, content: Buffer | string) => Buffer.concat([Buffer.from(`--${B}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);

test('text fields come back as UTF-8 strings and an octet-stream part as its exact bytes', () => {
  const bytes = Buffer.from([0x0a, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0xe6, 0x89]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="action"', 'wx.openApi'),
    part('Content-Disposition: form-data; name="note"', '打卡提醒'),
    part('Content-Disposition: form-data; name="requestData"\r\nContent-Type: application/octet-stream', bytes),
    part('Content-Disposition: form-data; name="empty"', ''),
    Buffer.from(`--${B}--\r\n`),
  ]);
  const out = parseMultipart(`multipart/form-data; boundary=${B}`, body);
  expect(out).toEqual({ action: 'wx.openApi', note: '打卡提醒', requestData: bytes, empty: '' });
  expect(Buffer.isBuffer(out.requestData)).toBe(true);
});

test('a part with a filename is kept as bytes, and quoted parameters are read whole', () => {
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="f"; filename="a.bin"', 'xyz'),
    part('content-disposition: form-data;name="semi;colon \\"quoted\\""', 'v'),
    Buffer.from(`--${B}--`),
  ]);
  expect(parseMultipart(`multipart/form-data; boundary="${B}"`, body)).toEqual({ f: Buffer.from('xyz'), 'semi;colon "quoted"': 'v' });
});

test('a body without its boundary, or cut short, is refused', () => {
  const whole = Buffer.concat([part('Content-Disposition: form-data; name="a"', '1'), Buffer.from(`--${B}--`)]);
  expect(() => parseMultipart('multipart/form-data', whole)).toThrow('boundary');
  expect(() => parseMultipart(`multipart/form-data; boundary=other`, whole)).toThrow('boundary');
  expect(() => parseMultipart(`multipart/form-data; boundary=${B}`, whole.subarray(0, 60))).toThrow('unterminated');
});
