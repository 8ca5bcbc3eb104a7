import { roomFor, SAVE_ENTRY_LEASE_MS, twinRunning, type HeldCredit, type SaveEntry } from '../../src/domain/creditRoom';

const NOW = new Date('2026-03-09T02:00:00.000Z');
const CAPS = { form: 100, subscribe: 100 };
const entry = (id: string, form: number, subscribe = 0, agoMs = 0, saveId = `save-${id}`): SaveEntry => ({ id, saveId, at: new Date(NOW.getTime() - agoMs), wants: { form, subscribe } });
const held = (n: number, kind: 'form' | 'subscribe' = 'form', saveId = 'old', countedSaves: string[] = []): HeldCredit[] => Array.from({ length: n }, () => ({ kind, saveId, countedSaves }));

describe('the room of one saveFormId call', () => {
  it('is the cap minus the live credits of that kind when no other call runs', () => {
    const me = entry('a', 20, 1);
    expect(roomFor(me, [me], [...held(92), ...held(3, 'subscribe')], CAPS, NOW)).toEqual({ room: { form: 8, subscribe: 97 }, counted: [] });
  });

  it('never goes below zero', () => {
    const me = entry('a', 5);
    expect(roomFor(me, [me], held(130), CAPS, NOW).room.form).toBe(0);
  });

  it('keeps the kinds apart: 100 form ids leave the room for grants whole', () => {
    const me = entry('a', 0, 1);
    expect(roomFor(me, [me], held(100), CAPS, NOW).room).toEqual({ form: 0, subscribe: 100 });
  });

  it('counts the entry of a call listed before it, not that call\'s credits, and says whom it counted', () => {
    const first = entry('a', 20);
    const me = entry('b', 20);
    const live = [...held(40), ...held(7, 'form', first.saveId)];
    expect(roomFor(me, [first, me], live, CAPS, NOW)).toEqual({ room: { form: 40, subscribe: 100 }, counted: [first.saveId] });
  });

  it('ignores a call listed after it, and the credits of calls that counted it', () => {
    const me = entry('a', 20);
    const later = entry('b', 20);
    const live = [...held(40), ...held(20, 'form', later.saveId, [me.saveId])];
    expect(roomFor(me, [me, later], live, CAPS, NOW).room.form).toBe(60);
  });

  it('counts the credits of a later call that did not see it (stored after it began, counted nobody)', () => {
    const me = entry('a', 20);
    expect(roomFor(me, [me], [...held(40), ...held(20, 'form', 'save-b')], CAPS, NOW).room.form).toBe(40);
  });

  it('does not count its own credits (an earlier attempt of the same request stored them)', () => {
    const me = entry('a', 5);
    expect(roomFor(me, [me], [...held(50), ...held(5, 'form', me.saveId)], CAPS, NOW).room.form).toBe(50);
  });

  it('ignores the entry of a call that died (older than the lease)', () => {
    const dead = entry('x', 60, 0, SAVE_ENTRY_LEASE_MS);
    const me = entry('a', 20);
    expect(roomFor(me, [dead, me], held(10), CAPS, NOW)).toEqual({ room: { form: 90, subscribe: 100 }, counted: [] });
  });

  it('splits the room exactly among eight calls that all see each other: min(sent, cap - held)', () => {
    const calls = Array.from({ length: 8 }, (_, i) => entry(`c${i}`, 20));
    const granted = calls.map((me) => Math.min(me.wants.form, roomFor(me, calls, held(5), CAPS, NOW).room.form));
    expect(granted).toEqual([20, 20, 20, 20, 15, 0, 0, 0]);
  });
});

describe('a retry that overtook its request', () => {
  it('sees the earlier call of the same request still running', () => {
    const first = entry('a', 2, 0, 1000, 'save-r');
    const retry = entry('b', 2, 0, 0, 'save-r');
    expect(twinRunning(retry, [first, retry], NOW)).toBe(true);
    expect(twinRunning(first, [first, retry], NOW)).toBe(false);
  });

  it('does not wait for an earlier call that died', () => {
    const dead = entry('a', 2, 0, SAVE_ENTRY_LEASE_MS + 1, 'save-r');
    const retry = entry('b', 2, 0, 0, 'save-r');
    expect(twinRunning(retry, [dead, retry], NOW)).toBe(false);
  });
});
