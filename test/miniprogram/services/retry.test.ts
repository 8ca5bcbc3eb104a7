/**
 * @jest-environment jsdom
 */
// The service layer tries a call again when the function answers UNAVAILABLE (a failure a retry may
// cure), with capped waits, and only calls that are safe to make twice; against the bundled
// functions on the emulator, whose database fails for a request or for good.
import { retryWait, MAX_RETRIES } from '../../../miniprogram/logic/retry';
import { api } from '../../../miniprogram/services/api';
import { useTestCloud } from '../harness';

const cloud = useTestCloud();
const outcomes = (name: string) => cloud.wx.callsTo(name).map((c) => c.outcome);

it('gets the answer of a read after a passing database fault, with one more call', async () => {
  await cloud.backend.failDatabase(1);
  expect(await api.today()).toMatchObject({ ok: true, checkedIn: false });
  expect(outcomes('checkIn')).toEqual(['answered', 'answered']);
});

it("records the day's answer once when the first try failed", async () => {
  const { question } = await api.today();
  await cloud.backend.failDatabase(1);
  expect(await api.answer(question.id, 0)).toMatchObject({ ok: true, alreadyCheckedIn: false });
  expect(await cloud.backend.checkIns()).toHaveLength(1);
});

it('gives up after its retries, waiting longer each time, and reports that the service is unavailable', async () => {
  await cloud.backend.failDatabase(true);
  const started = performance.now();
  await expect(api.reminderSettings()).rejects.toMatchObject({ kind: 'server', code: 'UNAVAILABLE' });
  expect(outcomes('reminderSettings')).toHaveLength(1 + MAX_RETRIES);
  const waited = Array.from({ length: MAX_RETRIES }, (_, i) => retryWait(i + 1)!).reduce((a, b) => a + b, 0);
  expect(performance.now() - started).toBeGreaterThanOrEqual(waited);
  expect(retryWait(MAX_RETRIES + 1)).toBeNull();
});

it('does not repeat what a retry cannot cure, nor a call that is not safe to repeat', async () => {
  await expect(api.answer('no-such-question', 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  expect(outcomes('checkIn')).toHaveLength(1);
  await cloud.backend.failDatabase(true);
  await expect(api.testReminder()).rejects.toMatchObject({ code: 'UNAVAILABLE' }); // it spends a credit
  await expect(api.saveCredits({ formIds: ['fid-1'] })).rejects.toMatchObject({ code: 'UNAVAILABLE' }); // no requestId
  expect(outcomes('reminderSettings')).toHaveLength(1);
  expect(outcomes('saveFormId')).toHaveLength(1);
});
