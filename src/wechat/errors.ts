// Normalises what wx-server-sdk throws into { errCode, errMsg } and names the cases the code acts on.
// Codes observed with wx-server-sdk 4.0.2 (PLATFORM.md §4, §7).

export const ERR_COLLECTION_MISSING = -502005;
export const ERR_DUPLICATE_KEY = -502001;
/** The SDK's code for dropped connections, HTTP 5xx and unknown server codes. */
export const ERR_NETWORK = -501001;
/** config.json lacks the openapi permission. */
export const ERR_NO_OPENAPI_PERMISSION = -604101;

/**
 * The cloud's own codes for a request that failed in transit or under load rather than being
 * refused: system busy (-1), a dropped connection, an HTTP 5xx or an unknown server code
 * (-501001), a timeout (-501002), resource and system errors (-501004, -601001, -601003).
 */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([-1, -501001, -501002, -501004, -601001, -601003]);

/**
 * Whether a failed SDK call is worth trying again: an SDK error (it carries a numeric errCode)
 * with a transient code. Anything else thrown — a bug, a refused query, a duplicate — is not.
 */
export function isTransient(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as Record<string, unknown>).errCode;
  return typeof code === 'number' && TRANSIENT_CODES.has(code);
}

export interface CloudError {
  errCode: number;
  errMsg: string;
}

export function toCloudError(error: unknown): CloudError {
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const raw = e.errCode ?? e.errcode ?? e.code;
    const code = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    const msg = [e.errMsg, e.errmsg, e.message].find((m): m is string => typeof m === 'string') ?? String(error);
    return { errCode: Number.isNaN(code) ? ERR_NETWORK : code, errMsg: msg };
  }
  return { errCode: ERR_NETWORK, errMsg: String(error) };
}

export function isCollectionMissing(error: unknown): boolean {
  const e = toCloudError(error);
  return e.errCode === ERR_COLLECTION_MISSING || /DATABASE_COLLECTION_NOT_EXIST|collection not exists?/i.test(e.errMsg);
}

/** Duplicate `_id` (or unique index): the message text is the reliable signal. */
export function isDuplicateKey(error: unknown): boolean {
  const e = toCloudError(error);
  return /E11000|duplicate key/i.test(e.errMsg);
}

export function isDocumentMissing(error: unknown): boolean {
  return /does not exist|not exist|document.*not.*found/i.test(toCloudError(error).errMsg) && !isCollectionMissing(error);
}
