// The collector's ordering guarantees, with a hand-driven upload (each call waits until released).
import type { SavedCredits, SaveFormIdEvent } from '../../../src/contract';
import { EMPTY_PENDING, type Pending } from '../../../miniprogram/logic/creditQueue';
import { createCreditCollector } from '../../../miniprogram/services/credits';

const NOW = Date.UTC(2024, 4, 6, 1);
/** What the tests compare: the ids each upload carried, without its request id and tap times. */
const ids = (event: SaveFormIdEvent) => ({ formIds: (event.formIds ?? []).map((f) => (typeof f === 'string' ? f : f.value)) });

function setUp(options: { formChannelOn?: boolean; answer?: (event: SaveFormIdEvent) => SavedCredits } = {}) {
  let stored: Pending = EMPTY_PENDING;
  let requests = 0;
  let channelOff = 0;
  const sent: SaveFormIdEvent[] = [];
  const waiting: ((outcome: 'ok' | 'fail') => void)[] = [];
  const answer = options.answer ?? ((event) => ({ ok: true, saved: event.formIds?.length ?? 0, rejected: [], credits: { form: 1, subscribe: 0 } }));
  const collector = createCreditCollector({
    load: () => stored,
    save: (state) => void (stored = state),
    now: () => NOW,
    requestId: () => `req-${++requests}`,
    formChannelOn: () => options.formChannelOn ?? true,
    formChannelOff: () => void channelOff++,
    upload: (event) =>
      new Promise<SavedCredits>((resolve, reject) => {
        sent.push(event);
        waiting.push((outcome) => (outcome === 'ok' ? resolve(answer(event)) : reject(new Error('offline'))));
      }),
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const started = async () => {
    for (let i = 0; waiting.length === 0; i++) {
      if (i > 100) throw new Error('no upload started');
      await tick();
    }
  };
  /** Lets the oldest upload answer, once it has started. */
  const release = async (outcome: 'ok' | 'fail') => {
    await started();
    waiting.shift()!(outcome);
    await tick();
  };
  return { collector, sent, started, release, stored: () => stored, channelOff: () => channelOff };
}

it('two flushes in a row never send the same id twice', async () => {
  const { collector, sent, release } = setUp();
  collector.collect('a');
  const first = collector.flush('page-hide');
  const second = collector.flush('app-hide');
  await release('ok');
  expect((await first).reports).toHaveLength(1);
  expect(await second).toMatchObject({ reports: [], error: null });
  expect(sent.map(ids)).toEqual([{ formIds: ['a'] }]);
});

it('a tap during an upload is kept and goes with the next one', async () => {
  const { collector, sent, started, release, stored } = setUp();
  collector.collect('a');
  const flushing = collector.flush('page-hide');
  await started();
  collector.collect('b');
  await release('ok');
  await release('ok');
  await flushing;
  expect(sent.map(ids)).toEqual([{ formIds: ['a'] }, { formIds: ['b'] }]);
  expect(sent.map((e) => e.requestId)).toEqual(['req-1', 'req-2']);
  expect(stored()).toEqual(EMPTY_PENDING);
});

it('a failed upload keeps its ids, says so in the log, and the next flush sends them again with the same request id', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  const { collector, sent, release, stored } = setUp();
  collector.collect('a');
  const failed = collector.flush('app-hide');
  await release('fail');
  expect((await failed).error?.kind).toBe('server');
  expect(stored().sending?.formIds.map((f) => f.value)).toEqual(['a']);
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('upload failed (app-hide), kept for later'));
  warn.mockRestore();
  collector.collect('b');
  const retried = collector.flush('app-show');
  await release('ok');
  await release('ok');
  expect(await retried).toMatchObject({ credits: { form: 1, subscribe: 0 } });
  expect(sent.map(ids)).toEqual([{ formIds: ['a'] }, { formIds: ['a'] }, { formIds: ['b'] }]);
  expect(sent.map((e) => e.requestId)).toEqual(['req-1', 'req-1', 'req-2']);
  expect(sent[0]!.formIds).toEqual([{ value: 'a', at: NOW }]);
  expect(stored()).toEqual(EMPTY_PENDING);
});

it('requests made during an upload share one follow-up run, which sends a partial batch if any asked for everything', async () => {
  const { collector, sent, started, release } = setUp();
  for (let i = 0; i < 20; i++) collector.collect(`fid-${i}`);
  await started();
  collector.collect('late-1');
  const followUps = [collector.flush('batch'), collector.flush('page-hide'), collector.flush('page-hide'), collector.flush('batch')];
  expect(new Set(followUps).size).toBe(1);
  await release('ok');
  await release('ok');
  await Promise.all(followUps);
  expect(sent.map((e) => e.formIds?.length)).toEqual([20, 1]);
});

it('collects nothing while the form channel is off', async () => {
  const { collector, sent } = setUp({ formChannelOn: false });
  for (let i = 0; i < 25; i++) collector.collect(`fid-${i}`);
  expect(await collector.flush('page-hide')).toMatchObject({ reports: [], error: null });
  expect(sent).toEqual([]);
});

it('stops collecting, and forgets what it queued, when saveFormId says the form channel is off', async () => {
  const { collector, release, stored, channelOff } = setUp({
    answer: (event) => ({ ok: true, saved: 0, rejected: (event.formIds ?? []).map((f) => ({ value: typeof f === 'string' ? f : f.value, reason: 'channel-off' as const })), credits: { form: 0, subscribe: 0 } }),
  });
  collector.collect('a');
  const flushing = collector.flush('page-hide');
  await Promise.resolve();
  collector.collect('b'); // tapped while the upload was on its way
  await release('ok');
  await flushing;
  expect(channelOff()).toBe(1);
  expect(stored().formIds).toEqual([]);
});

it('requests made during a failing upload do not call again', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  const { collector, sent, release } = setUp();
  collector.collect('a');
  const flushes = Array.from({ length: 10 }, () => collector.flush('page-hide'));
  await release('fail');
  const results = await Promise.all(flushes);
  expect(sent).toHaveLength(1);
  expect(results.every((r) => r.error !== null)).toBe(true);
  warn.mockRestore();
});
