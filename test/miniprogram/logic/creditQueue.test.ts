import {
  acknowledge,
  addFormId,
  addSubscription,
  backoffMs,
  batchReady,
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
const withIds = (n: number, at = T0): Pending => {
  let state = EMPTY_PENDING;
  for (let i = 0; i < n; i++) state = addFormId(state, `fid-${i}`, at + i);
  return state;
};

describe('which form ids are real', () => {
  it.each([
    ['a real id', 'd1f9a7e8c4b0', null],
    ["DevTools' placeholder", 'the formId is a mock one', "WeChat's placeholder"],
    ["develop/trial builds' placeholder", 'the formId is no longer available in develop or trial version of this mini program', "WeChat's placeholder"],
    ['anything saying mock', 'MOCK-123', "WeChat's placeholder"],
    ['an empty string', '', 'empty'],
    ['blanks', '   ', 'empty'],
    ['129 characters', 'x'.repeat(129), 'longer than 128 characters'],
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

  it('sends the oldest twenty ids in one call', () => {
    const upload = nextUpload(withIds(25), T0 + 100)!;
    expect(upload.formIds).toEqual(Array.from({ length: 20 }, (_, i) => `fid-${i}`));
    expect(uploadEvent(upload)).toEqual({ formIds: upload.formIds });
  });

  it('has nothing to send for an empty queue', () => {
    expect(nextUpload(EMPTY_PENDING, T0)).toBeNull();
  });

  it('sends one subscribe answer per call, because the event maps a template to one answer', () => {
    let state = addSubscription(withIds(2), 'tmpl', 'accept', T0 + 10);
    state = addSubscription(state, 'tmpl', 'accept', T0 + 11);
    const first = nextUpload(state, T0 + 20)!;
    expect(uploadEvent(first)).toEqual({ formIds: ['fid-0', 'fid-1'], subscriptions: { tmpl: 'accept' } });
    const rest = acknowledge(state, first, T0 + 30);
    expect(uploadEvent(nextUpload(rest, T0 + 30)!)).toEqual({ subscriptions: { tmpl: 'accept' } });
    expect(nextUpload(acknowledge(rest, nextUpload(rest, T0 + 30)!, T0 + 40), T0 + 40)).toBeNull();
  });

  it('removes only what was sent: taps made during the upload stay queued', () => {
    const state = withIds(20);
    const upload = nextUpload(state, T0 + 100)!;
    const meanwhile = addFormId(state, 'tapped-during-upload', T0 + 101);
    expect(acknowledge(meanwhile, upload, T0 + 102).formIds.map((f) => f.value)).toEqual(['tapped-during-upload']);
  });
});

describe('after a failed upload', () => {
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
    const done = acknowledge(failed, nextUpload(failed, T0)!, T0);
    expect(done).toEqual(EMPTY_PENDING);
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
      subscriptions: [{ templateId: 't', answer: 'accept', at: T0 }, { templateId: 't', answer: 'maybe', at: T0 }],
      failures: 2,
      retryAt: T0 + 5,
    };
    expect(parsePending(raw)).toEqual({ formIds: [{ value: 'ok', at: T0 }], subscriptions: [{ templateId: 't', answer: 'accept', at: T0 }], failures: 2, retryAt: T0 + 5 });
  });
});
