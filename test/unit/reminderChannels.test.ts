import { loadConfig } from '../../src/config';
import { Channels, channelsReportOf, mergeChannelReports } from '../../src/reminders/channels';
import { addTally, countFailure, countSkip, emptyTally, tallyOf } from '../../src/reminders/tally';

const config = (env: Record<string, string> = {}) => loadConfig({ REMINDER_SUBSCRIBE_TEMPLATE_ID: 'TPL', REMINDER_FORM_TEMPLATE_ID: 'FORM', ...env });
const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
afterAll(() => quiet.mockRestore());

describe('a run\'s channels', () => {
  it('start open when their template id is set and their message fits WeChat\'s rules', () => {
    expect(new Channels(config(), [], '2026-08-03').open()).toEqual({ form: true, subscribe: true });
  });

  it('start disabled, with the variable to set, when the template id is empty', () => {
    const report = new Channels(config({ REMINDER_FORM_TEMPLATE_ID: '' }), [], '2026-08-03').report();
    expect(report.form).toEqual({ state: 'disabled', message: 'REMINDER_FORM_TEMPLATE_ID is empty: the form channel is disabled' });
  });

  it('start misconfigured when the message would break a field rule', () => {
    const channels = new Channels(config({ REMINDER_SUBSCRIBE_DATA: '{"thing1":"{streak}{date}","number2":"abc"}' }), [], '2026-08-03');
    expect(channels.report().subscribe.state).toBe('misconfigured');
    expect(channels.problems().join()).toMatch(/REMINDER_SUBSCRIBE_DATA breaks.*number2.*number field/);
  });

  it('start stopped when the day\'s quota was reached', () => {
    const channels = new Channels(config(), ['subscribe'], '2026-08-03');
    expect(channels.open()).toEqual({ form: true, subscribe: false });
    expect(channels.problems()).toEqual(["the subscribe channel is stopped for 2026-08-03: WeChat's daily quota (45009) was reached"]);
  });

  it('close once: only the first stop is reported as closing it', () => {
    const channels = new Channels(config(), [], '2026-08-03');
    expect(channels.stop('form', 'retired', 'retired')).toBe(true);
    expect(channels.stop('form', 'broken', 'broken')).toBe(false);
    expect(channels.report().form).toEqual({ state: 'retired', message: 'retired' });
  });

  it('merge the workers\' reports keeping the most telling state per channel', () => {
    const open = { form: { state: 'open' as const }, subscribe: { state: 'open' as const } };
    const merged = mergeChannelReports([open, { form: { state: 'retired', message: 'r' }, subscribe: { state: 'open' } }, { form: { state: 'broken', message: 'b' }, subscribe: { state: 'open' } }]);
    expect(merged).toEqual({ form: { state: 'broken', message: 'b' }, subscribe: { state: 'open' } });
    expect(channelsReportOf(JSON.parse(JSON.stringify(merged)))).toEqual(merged);
    expect(channelsReportOf({ form: { state: 'weird' }, subscribe: { state: 'open' } })).toBeNull();
  });
});

describe('a run\'s figures', () => {
  it('add up across workers, reason by reason', () => {
    const a = emptyTally();
    a.due = 3;
    a.sent = 1;
    countFailure(a, 'transient');
    countFailure(a, 'ambiguous');
    countSkip(a, 'too-early', 4);
    const b = emptyTally();
    b.due = 1;
    countFailure(b, 'transient');
    b.remaining = 7;
    expect(addTally(addTally(emptyTally(), a), b)).toEqual({
      due: 4, sent: 1, failed: 3, failedBy: { transient: 2, ambiguous: 1 }, skipped: 4, skippedBy: { 'too-early': 4 }, remaining: 7,
    });
  });

  it('are read back from a worker\'s answer only when complete', () => {
    const answer = { ok: true, due: 2, sent: 2, failed: 0, failedBy: {}, skipped: 1, skippedBy: { reminded: 1 }, remaining: 0 };
    expect(tallyOf(answer)).toEqual({ due: 2, sent: 2, failed: 0, failedBy: {}, skipped: 1, skippedBy: { reminded: 1 }, remaining: 0 });
    expect(tallyOf({ ...answer, sent: -1 })).toBeNull();
    expect(tallyOf({ ok: false, code: 'INTERNAL' })).toBeNull();
  });
});
