// The two protobuf messages of the SDK's `wx.openApi` path (field numbers from the SDK's generated
// code): the request CommApiData and the answer CommOpenApiResp. proto3 wire format by hand — a few
// varints and length-delimited fields — instead of a protobuf runtime.
//
//   message KeyValuePair    { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
//   message OpenApiData     { repeated KeyValuePair pairs = 1; }
//   message CommApiData     { int32 apiType = 1; OpenApiData openapiData = 2; ...; string appid = 6; }
//   message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; uint32 httpCode = 4; }

export interface CommApiData {
  apiType: number;
  pairs: Array<{ key: string; value: Buffer }>;
  appid: string;
}

interface Field {
  field: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated protobuf varint');
    const b = buf[pos++] as number;
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) return [result, pos];
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let tag: bigint;
    [tag, pos] = readVarint(buf, pos);
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      let v: bigint;
      [v, pos] = readVarint(buf, pos);
      out.push({ field, varint: v });
    } else if (wire === 2) {
      let len: bigint;
      [len, pos] = readVarint(buf, pos);
      const end = pos + Number(len);
      if (end > buf.length) throw new Error('truncated protobuf field');
      out.push({ field, bytes: buf.subarray(pos, end) });
      pos = end;
    } else if (wire === 1 || wire === 5) pos += wire === 1 ? 8 : 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

const EMPTY = Buffer.alloc(0);

export function decodeCommApiData(buf: Buffer): CommApiData {
  const msg: CommApiData = { apiType: 0, pairs: [], appid: '' };
  for (const f of fields(buf)) {
    if (f.field === 1 && f.varint !== undefined) msg.apiType = Number(BigInt.asIntN(32, f.varint));
    else if (f.field === 2 && f.bytes) {
      for (const pair of fields(f.bytes)) {
        if (pair.field !== 1 || !pair.bytes) continue;
        let key = '';
        let value: Buffer = EMPTY;
        for (const kv of fields(pair.bytes)) {
          if (kv.field === 1 && kv.bytes) key = kv.bytes.toString('utf8');
          else if (kv.field === 2 && kv.bytes) value = kv.bytes; // a view of the request body, read before it is gone
        }
        msg.pairs.push({ key, value });
      }
    } else if (f.field === 6 && f.bytes) msg.appid = f.bytes.toString('utf8');
  }
  return msg;
}

function varint(n: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const bytes: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    bytes.push(b);
  } while (v);
  return Buffer.from(bytes);
}

const lengthDelimited = (field: number, data: Buffer) => Buffer.concat([varint((field << 3) | 2), varint(data.length), data]);

export function encodeCommOpenApiResp(resp: { respData?: Buffer; contentType?: string; errorCode?: number }): Buffer {
  const parts: Buffer[] = [];
  if (resp.respData) parts.push(lengthDelimited(1, resp.respData));
  if (resp.contentType) parts.push(lengthDelimited(2, Buffer.from(resp.contentType, 'utf8')));
  if (resp.errorCode) parts.push(varint(3 << 3), varint(resp.errorCode));
  return Buffer.concat(parts);
}
