// The configuration as each bundled function meets it: console variables override app.config.json
// for the settings a function reads, a bad one stops only the functions that read it, and a caller
// never learns a configuration error's detail (the function log has it).
import { startCloud, type TestCloud } from './support/cloud';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startCloud({
    start: '2026-05-01T02:00:00.000Z',
    functionEnv: {
      checkIn: { REMINDER_SEND_CONCURRENCY: '0', REMINDER_MAX_WORKERS: 'many' }, // settings checkIn does not read
      reminderSettings: { REMINDER_TIMEZONE: 'Mars/Olympus' },
      saveFormId: {
        REMINDER_WINDOW: '9-20',
        REMINDER_TIMEZONE: 'Asia/Tokyo',
        REMINDER_SUBSCRIBE_TEMPLATES: JSON.stringify(['TPL_A', 'TPL_B'].map((id) => ({ id, data: { thing1: '{streak}天', date2: '{date}' } }))),
      },
    },
  });
});
afterAll(() => cloud.close());

it("a bad value of a setting a function does not read does not stop it", async () => {
  expect(await cloud.call('checkIn', { action: 'today' }, 'o-1')).toMatchObject({ ok: true, date: '2026-05-01', checkedIn: false });
});

it('a bad console variable answers a bare INTERNAL; the detail, naming the variable and the reason, is in the function log', async () => {
  const run = await cloud.emulator.invoke('reminderSettings', { action: 'get' }, { openid: 'o-1' });
  expect(run.result).toEqual({ ok: false, code: 'INTERNAL', message: 'internal error' });
  expect(JSON.stringify(run.result)).not.toMatch(/Mars|REMINDER_TIMEZONE/);
  expect(run.logs).toMatch(/\[reminderSettings\] configuration error: REMINDER_TIMEZONE "Mars\/Olympus" \(console variable\): is not a time zone this runtime knows/);
});

it('a good console variable overrides app.config.json for that function, and the log says which', async () => {
  // saveFormId reads the template ids (the form template's too: form ids are useless without it)
  // and the time zone, not the window. local/deployment.ts sets REMINDER_FORM_TEMPLATE_ID ('', off).
  const run = await cloud.emulator.invoke('saveFormId', { formId: 'f-1', subscriptions: { TPL_B: 'accept' } }, { openid: 'o-2' });
  expect(run.result).toMatchObject({ ok: true, saved: 1, rejected: [{ value: 'f-1', reason: 'channel-off' }] });
  expect(run.logs).toMatch(/\[saveFormId\] console variables override app\.config\.json: REMINDER_SUBSCRIBE_TEMPLATES, REMINDER_FORM_TEMPLATE_ID, REMINDER_TIMEZONE/);
});

it('stores one credit per accepted configured template, each for its own template', async () => {
  const answer = await cloud.call('saveFormId', { subscriptions: { TPL_A: 'accept', TPL_B: 'acceptWithAudio', TPL_C: 'accept' } }, 'o-3');
  expect(answer).toMatchObject({ ok: true, saved: 2, credits: { form: 0, subscribe: 2 } });
  expect(cloud.find('credits', { openid: 'o-3' }).map((c) => c.value).sort()).toEqual(['TPL_A', 'TPL_B']);
});
