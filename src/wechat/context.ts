import type { CallerContext } from './types';

// wx-server-sdk turns numeric-looking context values into numbers; identities are strings here.
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The caller as cloud.getWXContext() reports it. Nothing from the event is ever consulted. */
export function callerFromWXContext(raw: Record<string, unknown>): CallerContext {
  return {
    openid: text(raw.OPENID),
    appid: text(raw.APPID),
    unionid: text(raw.UNIONID),
    source: text(raw.SOURCE),
  };
}

/**
 * A timer-only function must refuse anything a person could have started: a call that carries a
 * user identity, or whose source chain mentions a client (mini-program, DevTools, HTTP API).
 */
export function isClientCall(caller: CallerContext): boolean {
  if (caller.openid || caller.unionid) return true;
  const chain = (caller.source ?? '').split(',').map((s) => s.trim());
  return chain.some((s) => s === 'wx_client' || s === 'wx_devtools' || s === 'wx_http' || s === 'wx_unknown');
}
