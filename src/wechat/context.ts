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
 * A call made by a timer trigger: SOURCE `wx_trigger`, or that chain continued through
 * cloud.callFunction (each call appends `,scf`), and no user identity. An allow-list: WeChat
 * documents more sources than any block-list would name (`wx_crawler`, `wx_paycallback`, …), and a
 * source outside WeChat's own may be anything (PLATFORM.md §3).
 */
export function isTimerCall(caller: CallerContext): boolean {
  return caller.openid === null && caller.unionid === null && caller.source !== null && TIMER_CHAIN_RE.test(caller.source);
}

const TIMER_CHAIN_RE = /^wx_trigger(,scf)*$/;
