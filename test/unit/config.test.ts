import { ConfigError, currentConfig, loadConfig } from '../../src/config';
import defaults from '../../src/config/defaults.json';

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the checked-in defaults when no variable is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      subscribeTemplateId: '',
      formTemplateId: '',
      page: 'pages/checkin/index',
      defaultHour: 10,
      window: { start: 8, end: 21 },
      timezone: 'Asia/Shanghai',
    });
    expect(c.formData).toEqual(defaults.formData);
    expect(Object.keys(c.subscribeData)).toEqual(Object.keys(defaults.subscribeData));
  });

  it('lets every environment variable override its default', () => {
    const c = loadConfig({
      REMINDER_SUBSCRIBE_TEMPLATE_ID: ' tmpl-Sub_1 ',
      REMINDER_FORM_TEMPLATE_ID: 'formTmpl',
      REMINDER_PAGE: 'pages/quiz/index?from=reminder',
      REMINDER_DEFAULT_HOUR: '9',
      REMINDER_WINDOW: '7-22',
      REMINDER_TIMEZONE: 'Asia/Urumqi',
      REMINDER_SUBSCRIBE_DATA: '{"thing1":"签到提醒","date2":"{date}"}',
      REMINDER_FORM_DATA: '{"keyword1":"a"}',
    });
    expect(c).toEqual({
      subscribeTemplateId: 'tmpl-Sub_1',
      formTemplateId: 'formTmpl',
      page: 'pages/quiz/index?from=reminder',
      defaultHour: 9,
      window: { start: 7, end: 22 },
      timezone: 'Asia/Urumqi',
      subscribeData: { thing1: '签到提醒', date2: '{date}' },
      formData: { keyword1: 'a' },
      runBudgetMs: 40000,
      sendConcurrency: 20,
      usersPerWorker: 1500,
      maxWorkers: 64,
      retentionDays: 30,
    });
  });

  it('treats an empty template id as a disabled channel, not an error', () => {
    expect(loadConfig({ REMINDER_SUBSCRIBE_TEMPLATE_ID: '' }).subscribeTemplateId).toBe('');
  });

  it.each([
    [{ REMINDER_DEFAULT_HOUR: '24' }, 'REMINDER_DEFAULT_HOUR', /0-23/],
    [{ REMINDER_DEFAULT_HOUR: 'ten' }, 'REMINDER_DEFAULT_HOUR', /0-23/],
    [{ REMINDER_DEFAULT_HOUR: '7' }, 'REMINDER_DEFAULT_HOUR', /inside the send window 8-21/],
    [{ REMINDER_WINDOW: '21-8' }, 'REMINDER_WINDOW', /start <= end/],
    [{ REMINDER_WINDOW: '8 to 21' }, 'REMINDER_WINDOW', /"8-21"/],
    [{ REMINDER_TIMEZONE: 'Mars/Olympus' }, 'REMINDER_TIMEZONE', /time zone/],
    [{ REMINDER_PAGE: '/pages/index/index' }, 'REMINDER_PAGE', /no leading/],
    [{ REMINDER_SUBSCRIBE_TEMPLATE_ID: 'has space' }, 'REMINDER_SUBSCRIBE_TEMPLATE_ID', /template id/],
    [{ REMINDER_SUBSCRIBE_DATA: '{not json' }, 'REMINDER_SUBSCRIBE_DATA', /JSON object/],
    [{ REMINDER_SUBSCRIBE_DATA: '{"Thing 1":"x"}' }, 'REMINDER_SUBSCRIBE_DATA.Thing 1', /not a WeChat template field key/],
    [{ REMINDER_FORM_DATA: '{"keyword1":""}' }, 'REMINDER_FORM_DATA.keyword1', /non-empty/],
    [{ REMINDER_FORM_DATA: '{}' }, 'REMINDER_FORM_DATA', /at least one/],
    [{ REMINDER_RUN_BUDGET_MS: '500' }, 'REMINDER_RUN_BUDGET_MS', /1000-840000/],
    [{ REMINDER_SEND_CONCURRENCY: '0' }, 'REMINDER_SEND_CONCURRENCY', /1-100/],
    [{ REMINDER_MAX_WORKERS: '65' }, 'REMINDER_MAX_WORKERS', /1-64/],
    [{ REMINDER_USERS_PER_WORKER: 'many' }, 'REMINDER_USERS_PER_WORKER', /whole number/],
    [{ REMINDER_RETENTION_DAYS: '-1' }, 'REMINDER_RETENTION_DAYS', /1-3650/],
  ])('rejects %p naming %s', (env, field, reason) => {
    const e = failure(env);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.message).toMatch(reason);
  });

  it('names the defaults file entry when the bad value came from it', () => {
    expect(() => loadConfig({}, { ...defaults, window: 'always' })).toThrow(/defaults\.window="always"/);
  });
});

describe('currentConfig', () => {
  it('revalidates when the environment changes and reuses the result when it does not', () => {
    const a = currentConfig({ REMINDER_DEFAULT_HOUR: '11' });
    expect(currentConfig({ REMINDER_DEFAULT_HOUR: '11' })).toBe(a);
    expect(currentConfig({ REMINDER_DEFAULT_HOUR: '12' }).defaultHour).toBe(12);
    expect(() => currentConfig({ REMINDER_DEFAULT_HOUR: '99' })).toThrow(ConfigError);
  });
});
