// The harness's cloud itself: what the page tests rely on when they call through wx.cloud to the
// emulator (test/miniprogram/harness/emulatorBackend.ts).
import { isRunning, portIsOpen } from '../emulator/support/processes';
import { emulatorBackend, type EmulatorBackend } from './harness/emulatorBackend';

const START = new Date('2024-05-06T01:00:00Z'); // 09:00 in Shanghai

let backend: EmulatorBackend;
beforeAll(async () => {
  backend = await emulatorBackend({ openid: 'o-harness-check', start: START, formChannel: true });
});
beforeEach(() => backend.reset(START));
afterAll(() => backend.close());

const today = () => backend.call('checkIn', { action: 'today' }) as Promise<{ ok: boolean; date: string; question: { id: string } }>;
const rejection = (p: Promise<unknown>) => p.then(() => ({ errCode: 0, errMsg: 'resolved' }), (e: { errCode: number; errMsg: string }) => e);

describe('the emulator behind the mini-program tests', () => {
  it('runs the bundled function as the test user and shows its writes in the database', async () => {
    const answer = await backend.call('saveFormId', { formIds: ['fid-a', 'fid-b'], subscriptions: { [backend.subscribeTemplateId]: 'accept' } });
    expect(answer).toMatchObject({ ok: true, saved: 3, credits: { form: 2, subscribe: 1 } });
    expect((await backend.storedFormIds()).sort()).toEqual(['fid-a', 'fid-b']);
    expect(await backend.credits()).toEqual({ form: 2, subscribe: 1 });
    expect(await backend.user()).toMatchObject({ enabled: true, hour: null, streak: 0 });
  });

  it('gives the date of its clock, which setNow moves', async () => {
    expect(await today()).toMatchObject({ ok: true, date: '2024-05-06' });
    await backend.setNow(new Date('2024-05-06T16:00:00Z'));
    expect(await today()).toMatchObject({ date: '2024-05-07' });
  });

  it('starts each test from an empty environment at START', async () => {
    expect(await backend.user()).toBeNull();
    expect(await backend.credits()).toEqual({ form: 0, subscribe: 0 });
    expect(await today()).toMatchObject({ date: '2024-05-06' });
  });

  it('rejects a call to a function that is not deployed as wx.cloud.callFunction does (-501000)', async () => {
    expect(await rejection(backend.call('noSuchFunction', {}))).toMatchObject({ errCode: -501000, errMsg: expect.stringContaining('cloud.callFunction:fail') });
  });

  it('rejects the runs of a crashing function with -504002, and runs it again once it no longer crashes', async () => {
    await backend.crash('checkIn', true);
    expect(await rejection(today())).toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('functions execute fail') });
    await backend.crash('checkIn', false);
    expect(await today()).toMatchObject({ ok: true });
  });

  it('makes the functions answer a failure and store nothing while the database fails', async () => {
    await backend.failDatabase(true);
    expect(await backend.call('saveFormId', { formIds: ['fid-lost'] })).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    await backend.failDatabase(false);
    expect(await backend.storedFormIds()).toEqual([]);
  });

  it('records in WeChat the grants of an accepted subscription only', async () => {
    await backend.subscribeAnswered(backend.subscribeTemplateId, 'reject');
    expect(await backend.grantsLeft()).toBe(0);
    await backend.subscribeAnswered(backend.subscribeTemplateId, 'accept');
    expect(await backend.grantsLeft()).toBe(1);
  });

  it('leaves no process and no port behind when closed', async () => {
    await today();
    const { pid, instancePids, port } = await backend.processes();
    expect(instancePids.length).toBeGreaterThan(0);
    await backend.close();
    for (const p of [pid, ...instancePids]) expect(isRunning(p)).toBe(false);
    expect(await portIsOpen(port)).toBe(false);
  });
});
