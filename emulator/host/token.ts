// The per-invocation API token. wx-server-sdk sends WX_API_TOKEN as `wxCloudApiToken` with every
// request (database, open API, callFunction); on the cloud it tells the server which invocation is
// calling. Here it carries the caller's context itself, so the backend can tell who made a
// cloud.callFunction (and so what SOURCE and OPENID the callee sees) without asking the host.

export interface InvocationCaller {
  source: string;
  openid?: string;
  appid?: string;
  /** The function that made the request. */
  functionName: string;
  invocationId: string;
}

const PREFIX = 'emu1.';

export function encodeInvocationToken(caller: InvocationCaller): string {
  return PREFIX + Buffer.from(JSON.stringify(caller), 'utf8').toString('base64url');
}

/** The caller a token stands for, or null for a token this emulator did not issue. */
export function decodeInvocationToken(token: unknown): InvocationCaller | null {
  if (typeof token !== 'string' || !token.startsWith(PREFIX)) return null;
  try {
    const value = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as Partial<InvocationCaller>;
    if (typeof value.source !== 'string' || typeof value.functionName !== 'string' || typeof value.invocationId !== 'string') return null;
    return {
      source: value.source,
      functionName: value.functionName,
      invocationId: value.invocationId,
      ...(typeof value.openid === 'string' ? { openid: value.openid } : {}),
      ...(typeof value.appid === 'string' ? { appid: value.appid } : {}),
    };
  } catch {
    return null;
  }
}
