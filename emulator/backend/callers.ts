// Who made a request. The SDK sends no user identity of its own; it forwards `WX_API_TOKEN` (when
// WX_CONTEXT_KEYS lists it) as the body field `wxCloudApiToken`, on database, open-API and
// callFunction requests alike. The function host puts `callerToken({...})` there for each invocation,
// so a `cloud.callFunction` arriving here can tell the callee who called (see docs/backend.md).

export interface Caller {
  /** The caller's SOURCE chain, e.g. `wx_client` or `wx_trigger` ('' when unknown). */
  source: string;
  openid?: string;
  appid?: string;
}

const PREFIX = 'emu1.';

/** The WX_API_TOKEN value that identifies an invocation's caller context to the backend. */
export function callerToken(caller: Caller): string {
  return PREFIX + Buffer.from(JSON.stringify(caller)).toString('base64url');
}

/** The caller of a request: from its token, else from the `x-tcb-source` header (`<TCB_SOURCE>,<runtime>`). */
export function callerOf(token: unknown, sourceHeader: string | undefined): Caller {
  if (typeof token === 'string' && token.startsWith(PREFIX)) {
    try {
      const c = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as Partial<Caller>;
      return {
        source: typeof c.source === 'string' ? c.source : '',
        ...(typeof c.openid === 'string' && c.openid ? { openid: c.openid } : {}),
        ...(typeof c.appid === 'string' && c.appid ? { appid: c.appid } : {}),
      };
    } catch {
      // A token we did not issue: fall through to the header.
    }
  }
  const parts = (sourceHeader ?? '').split(',');
  return { source: parts.slice(0, -1).join(',') };
}
