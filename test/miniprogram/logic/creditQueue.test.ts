import {
  acknowledge,
  addFormId,
  addSubscription,
  backoffMs,
  batchReady,
  dropFormIds,
  EMPTY_PENDING,
  FORM_ID_LIFETIME_MS,
  formIdProblem,
  MAX_PENDING_FORM_IDS,
  nextUpload,
  parsePending,
  recordFailure,
  uploadEvent,
  type Pending,
} from '../../../miniprogram/logic/creditQueue';

const T0 = Date.UTC(2024, 4, 6, 1);
/** The next upload, named `requestId`. */
const next = (state: Pending, now: number, requestId = 'req-1') => nextUpload(state, now, () => requestId)!;
const withIds = (n: number, at = T0): Pending => {
  let state = EMPTY_PENDING;
  for (let i = 0; i < n; i++) state = addFormId(state, `fid-${i}`, at + i);
  return state;
};

describe('which form ids are real', () => {
  it.each([
    ['a real id', 'd1f9a7e8c4b0', null],
    ["DevTools' placeholder", 'the formId is a mock one', 'placeholder'],
    ["develop/trial builds' placeholder", 'the formId is no longer available in develop or trial version of this mini program', 'placeholder'],
    ['anything saying mock', 'MOCK-123', 'placeholder'],
    ['an empty string', '', 'empty'],
    ['blanks', '   ', 'empty'],
    ['129 characters', 'x'.repeat(129), 'too-long'],
    ['"undefined" (a bug made a string of a missing value)', 'undefined', 'junk'],
    ['"[object Object]"', '[object Object]', 'junk'],
    ['a control character', 'a\u0000b', 'malformed'],
    ['a lone surrogate', 'a\ud800b', 'malformed'],
    ['a number', 42, 'not a string'],
    ['undefined (a submit without formId)', undefined, 'not a string'],
  ])('%s → %s', (_name, value, problem) => {
    expect(formIdProblem(value)).toBe(problem);
  });

  it('accepts exactly 128 characters', () => {
    expect(formIdProblem('x'.repeat(128))).toBeNull();
  });
});

describe('queueing taps', () => {
  it('keeps real ids in tap order and drops placeholders and duplicates', () => {
    let state = addFormId(EMPTY_PENDING, 'a', T0);
    state = addFormId(state, 'the formId is a mock one', T0 + 1);
    state = addFormId(state, 'b', T0 + 2);
    state = addFormId(state, 'a', T0 + 3);
    expect(state.formIds).toEqual([
      { value: 'a', at: T0 },
      { value: 'b', at: T0 + 2 },
    ]);
  });

  it('returns the same state object when a tap adds nothing (so nothing is written)', () => {
    const state = addFormId(EMPTY_PENDING, 'a', T0);
    expect(addFormId(state, 'the formId is a mock one', T0)).toBe(state);
    expect(addFormId(state, 'a', T0 + 1)).toBe(state);
  });

  it('drops ids older than seven days: they are dead', () => {
    const state = addFormId(addFormId(EMPTY_PENDING, 'old', T0), 'new', T0 + FORM_ID_LIFETIME_MS);
    expect(state.formIds.map((f) => f.value)).toEqual(['new']);
  });

  it(`keeps the newest ${MAX_PENDING_FORM_IDS} when the device holds more`, () => {
    const state = withIds(MAX_PENDING_FORM_IDS + 5);
    expect(state.formIds).toHaveLength(MAX_PENDING_FORM_IDS);
    expect(state.formIds[0]!.value).toBe('fid-5');
  });
});

describe('batching uploads', () => {
  it('is ready at twenty ids, not at nineteen', () => {
    expect(batchReady(withIds(19), T0 + 100)).toBe(false);
    expect(batchReady(withIds(20), T0 + 100)).toBe(true);
  });

  it('sends the oldest twenty ids in one call, each with the time of its tap, named by a request id', () => {
    const { upload } = next(withIds(25), T0 + 100);
    expect(upload.formIds.map((f) => f.value)).toEqual(Array.from({ length: 20 }, (_, i) => `fid-${i}`));
    expect(uploadEvent(upload)).toEqual({ requestId: 'req-1', formIds: Array.from({ length: 20 }, (_, i) => ({ value: `fid-${i}`, at: T0 + i })) });
  });

  it('has nothing to send for an empty queue', () => {
    expect(nextUpload(EMPTY_PENDING, T0, () => 'req-1')).toBeNull();
  });

  it('sends one dialog\'s answers per call, every template of it together', () => {
    let state = addSubscription(withIds(2), { t1: 'accept', t2: 'acceptWithAlert' }, T0 + 10);
    state = addSubscription(state, { t1: 'reject' }, T0 + 11);
    const first = next(state, T0 + 20);
    expect(uploadEvent(first.upload)).toEqual({ requestId: 'req-1', formIds: [{ value: 'fid-0', at: T0 }, { value: 'fid-1', at: T0 + 1 }], subscriptions: { t1: 'accept', t2: 'acceptWithAlert' } });
    const rest = acknowledge(first.state, first.upload, T0 + 30);
    const second = next(rest, T0 + 30, 'req-2');
    expect(uploadEvent(second.upload)).toEqual({ requestId: 'req-2', subscriptions: { t1: 'reject' } });
    expect(nextUpload(acknowledge(second.state, second.upload, T0 + 40), T0 + 40, () => 'req-3')).toBeNull();
  });

  it('removes only what was sent: taps made during the upload stay queued', () => {
    const { upload, state } = next(withIds(20), T0 + 100);
    const meanwhile = addFormId(state, 'tapped-during-upload', T0 + 101);
    expect(acknowledge(meanwhile, upload, T0 + 102).formIds.map((f) => f.value)).toEqual(['tapped-during-upload']);
  });

  it('does not queue again an id that is on its way', () => {
    const { state } = next(withIds(1), T0 + 100);
    expect(addFormId(state, 'fid-0', T0 + 101)).toBe(state);
  });

  it('forgets every queued id when the form channel turns out to be off', () => {
    expect(dropFormIds(withIds(3)).formIds).toEqual([]);
    expect(dropFormIds(EMPTY_PENDING)).toBe(EMPTY_PENDING);
  });
});

describe('after a failed upload', () => {
  it('keeps the upload as it was, with its request id, and sends it again before anything newer', () => {
    const { upload, state } = next(withIds(2), T0 + 100, 'req-lost');
    const failed = addFormId(recordFailure(state, T0 + 100), 'tapped-later', T0 + 200);
    const retry = next(failed, T0 + 300, 'req-new');
    expect(retry.upload).toEqual(upload);
    expect(uploadEvent(retry.upload).requestId).toBe('req-lost');
    const after = acknowledge(retry.state, retry.upload, T0 + 400);
    expect(uploadEvent(next(after, T0 + 400, 'req-new').upload)).toEqual({ requestId: 'req-new', formIds: [{ value: 'tapped-later', at: T0 + 200 }] });
  });

  it('keeps every id and waits before the next tap-triggered upload', () => {
    const state = recordFailure(withIds(20), T0 + 100);
    expect(state.formIds).toHaveLength(20);
    expect(batchReady(state, T0 + 100 + 29_999)).toBe(false);
    expect(batchReady(state, T0 + 100 + 30_000)).toBe(true);
  });

  it.each([
    [0, 0],
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [5, 480_000],
    [6, 600_000],
    [20, 600_000],
  ])('after %i failures in a row the wait is %i ms', (failures, wait) => {
    expect(backoffMs(failures)).toBe(wait);
  });

  it('a success resets the backoff', () => {
    const failed = recordFailure(recordFailure(withIds(1), T0), T0);
    const { upload, state } = next(failed, T0);
    expect(acknowledge(state, upload, T0)).toEqual(EMPTY_PENDING);
  });
});

describe('reading the stored queue', () => {
  it.each([
    ['nothing stored (wx answers "")', ''],
    ['null', null],
    ['a string', 'garbage'],
    ['wrong shapes', { formIds: 'x', subscriptions: 3, failures: -1, retryAt: 'soon' }],
  ])('%s reads as empty', (_name, raw) => {
    expect(parsePending(raw)).toEqual(EMPTY_PENDING);
  });

  it('keeps valid entries and drops broken ones', () => {
    const raw = {
      formIds: [{ value: 'ok', at: T0 }, { value: 'the formId is a mock one', at: T0 }, { value: 'no-time' }, null],
      subscriptions: [{ answers: { t: 'accept', u: 'maybe' }, at: T0 }, { answers: { t: 'maybe' }, at: T0 }],
      sending: { requestId: 'req-9', formIds: [{ value: 'on-its-way', at: T0 }], subscription: null },
      failures: 2,
      retryAt: T0 + 5,
    };
    expect(parsePending(raw)).toEqual({
      formIds: [{ value: 'ok', at: T0 }],
      subscriptions: [{ answers: { t: 'accept' }, at: T0 }],
      sending: { requestId: 'req-9', formIds: [{ value: 'on-its-way', at: T0 }], subscription: null },
      failures: 2,
      retryAt: T0 + 5,
    });
  });

  it('reads an answer the previous version queued (one template) so that it is still reported', () => {
    expect(parsePending({ subscriptions: [{ templateId: 't', answer: 'accept', at: T0 }] }).subscriptions).toEqual([{ answers: { t: 'accept' }, at: T0 }]);
  });
});
