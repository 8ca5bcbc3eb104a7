import file from '../../app.config.json';
import { CONFIG_KEYS, ConfigError, currentConfig, ENV_VARS, loadConfig, overridesOf } from '../../src/config';

const all = (env: Record<string, string | undefined> = {}, from: unknown = file) => loadConfig(CONFIG_KEYS, env, from);

function failure(env: Record<string, string>, from: unknown = file): ConfigError {
  try {
    all(env, from);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the checked-in app.config.json when no console variable is set', () => {
    expect(all()).toEqual({
      subscribeTemplates: [], // the file names no template id: a deployment sets its own
      formTemplate: null,
      page: 'pages/checkin/index',
      defaultHour: 10,
      window: { start: 8, end: 21 },
      timezone: 'Asia/Shanghai',
      miniprogramState: 'formal',
      lang: 'zh_CN',
      runBudgetMs: 40000,
      sendConcurrency: 20,
      usersPerWorker: 1500,
      maxWorkers: 64,
      retentionDays: 30,
      checkInRetentionDays: 90,
      holdoutPercent: 0,
    });
  });

  it('lets every console variable override its value', () => {
    const c = all({
      REMINDER_SUBSCRIBE_TEMPLATE_ID: ' tmpl-Sub_1 ',
      REMINDER_SUBSCRIBE_DATA: '{"thing1":"签到提醒","date2":"{date}"}',
      REMINDER_FORM_TEMPLATE_ID: 'formTmpl',
      REMINDER_FORM_DATA: '{"keyword1":"a"}',
      REMINDER_PAGE: 'pages/quiz/index?from=reminder',
      REMINDER_DEFAULT_HOUR: '9',
      REMINDER_WINDOW: '7-22',
      REMINDER_TIMEZONE: 'Asia/Urumqi',
      REMINDER_MINIPROGRAM_STATE: 'trial',
      REMINDER_LANG: 'en_US',
      REMINDER_RUN_BUDGET_MS: '30000',
      REMINDER_SEND_CONCURRENCY: '5',
      REMINDER_USERS_PER_WORKER: '100',
      REMINDER_MAX_WORKERS: '8',
      REMINDER_RETENTION_DAYS: '7',
      REMINDER_CHECKIN_RETENTION_DAYS: '120',
      REMINDER_HOLDOUT_PERCENT: '20',
    });
    expect(c).toEqual({
      subscribeTemplates: [{ id: 'tmpl-Sub_1', data: { thing1: '签到提醒', date2: '{date}' } }],
      formTemplate: { id: 'formTmpl', data: { keyword1: 'a' } },
      page: 'pages/quiz/index?from=reminder',
      defaultHour: 9,
      window: { start: 7, end: 22 },
      timezone: 'Asia/Urumqi',
      miniprogramState: 'trial',
      lang: 'en_US',
      runBudgetMs: 30000,
      sendConcurrency: 5,
      usersPerWorker: 100,
      maxWorkers: 8,
      retentionDays: 7,
      checkInRetentionDays: 120,
      holdoutPercent: 20,
    });
  });

  it('gives a template id set by its console variable the data of the first template in the file', () => {
    expect(all({ REMINDER_SUBSCRIBE_TEMPLATE_ID: 'TPL' }).subscribeTemplates).toEqual([{ id: 'TPL', data: file.subscribeTemplates[0]!.data }]);
  });

  it('treats an empty template id as a channel turned off, not an error', () => {
    const c = all({ REMINDER_SUBSCRIBE_TEMPLATE_ID: '', REMINDER_FORM_TEMPLATE_ID: '' });
    expect([c.subscribeTemplates, c.formTemplate]).toEqual([[], null]);
  });

  it('takes up to 3 subscribe templates, each with its own data, from the file or REMINDER_SUBSCRIBE_TEMPLATES', () => {
    const three = [
      { id: 'A', data: { thing1: '{streak}天', date2: '{date}' } },
      { id: 'B', data: { thing3: '{streak}', time4: '{date}' } },
      { id: 'C', data: { number1: '{streak}', date5: '{date}' } },
    ];
    expect(all({}, { ...file, subscribeTemplates: three }).subscribeTemplates).toEqual(three);
    expect(all({ REMINDER_SUBSCRIBE_TEMPLATES: JSON.stringify(three.slice(1)) }).subscribeTemplates).toEqual(three.slice(1));
    expect(failure({}, { ...file, subscribeTemplates: [...three, { id: 'D', data: { thing1: 'x' } }] }).message).toMatch(/^subscribeTemplates .* \(app\.config\.json\): at most 3 subscribe templates/);
  });

  it.each([
    [{ REMINDER_DEFAULT_HOUR: '24' }, 'REMINDER_DEFAULT_HOUR', /0-23/],
    [{ REMINDER_DEFAULT_HOUR: 'ten' }, 'REMINDER_DEFAULT_HOUR', /0-23/],
    [{ REMINDER_DEFAULT_HOUR: '7' }, 'REMINDER_DEFAULT_HOUR', /inside the send window 8-21/],
    [{ REMINDER_WINDOW: '21-8' }, 'REMINDER_WINDOW', /start <= end/],
    [{ REMINDER_WINDOW: '8 to 21' }, 'REMINDER_WINDOW', /"8-21"/],
    [{ REMINDER_TIMEZONE: 'Mars/Olympus' }, 'REMINDER_TIMEZONE', /time zone/],
    [{ REMINDER_PAGE: '/pages/index/index' }, 'REMINDER_PAGE', /no leading/],
    [{ REMINDER_MINIPROGRAM_STATE: 'release' }, 'REMINDER_MINIPROGRAM_STATE', /one of developer, trial, formal/],
    [{ REMINDER_LANG: 'fr_FR' }, 'REMINDER_LANG', /one of zh_CN, en_US, zh_HK, zh_TW/],
    [{ REMINDER_SUBSCRIBE_TEMPLATE_ID: 'has space' }, 'REMINDER_SUBSCRIBE_TEMPLATE_ID', /template id/],
    [{ REMINDER_SUBSCRIBE_DATA: '{not json' }, 'REMINDER_SUBSCRIBE_DATA', /must be JSON/],
    [{ REMINDER_SUBSCRIBE_DATA: '{"Thing 1":"x"}' }, 'REMINDER_SUBSCRIBE_DATA.Thing 1', /not a WeChat template field key/],
    [{ REMINDER_SUBSCRIBE_TEMPLATES: '[{"id":"A","data":{"thing1":"x"}},{"id":"A","data":{"thing1":"y"}}]' }, 'REMINDER_SUBSCRIBE_TEMPLATES[1].id', /listed twice/],
    [{ REMINDER_SUBSCRIBE_TEMPLATES: '[{"id":"A","data":{"thing1":"x"},"page":"p"}]' }, 'REMINDER_SUBSCRIBE_TEMPLATES[0].page', /not a template setting/],
    [{ REMINDER_SUBSCRIBE_TEMPLATES: '[]', REMINDER_SUBSCRIBE_TEMPLATE_ID: 'A' }, 'REMINDER_SUBSCRIBE_TEMPLATES', /not both/],
    [{ REMINDER_FORM_DATA: '{"keyword1":""}' }, 'REMINDER_FORM_DATA.keyword1', /non-empty/],
    [{ REMINDER_FORM_DATA: '{}' }, 'REMINDER_FORM_DATA', /at least one/],
    [{ REMINDER_HOLDOUT_PERCENT: '51' }, 'REMINDER_HOLDOUT_PERCENT', /0-50/],
    [{ REMINDER_HOLDOUT_PERCENT: '12.5' }, 'REMINDER_HOLDOUT_PERCENT', /0-50/],
    [{ REMINDER_RUN_BUDGET_MS: '500' }, 'REMINDER_RUN_BUDGET_MS', /1000-840000/],
    [{ REMINDER_SEND_CONCURRENCY: '0' }, 'REMINDER_SEND_CONCURRENCY', /1-100/],
    [{ REMINDER_MAX_WORKERS: '65' }, 'REMINDER_MAX_WORKERS', /1-64/],
    [{ REMINDER_USERS_PER_WORKER: 'many' }, 'REMINDER_USERS_PER_WORKER', /whole number/],
    [{ REMINDER_RETENTION_DAYS: '-1' }, 'REMINDER_RETENTION_DAYS', /1-3650/],
    [{ REMINDER_CHECKIN_RETENTION_DAYS: '14' }, 'REMINDER_CHECKIN_RETENTION_DAYS', /15-3650/],
  ])('rejects %p naming %s as a console variable', (env, field, reason) => {
    const e = failure(env);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')} .* \\(console variable\\): `));
    expect(e.message).toMatch(reason);
  });

  it.each([
    ['window', 'always', /^window "always" \(app\.config\.json\): must look like "8-21"/],
    ['defaultHour', 7, /^defaultHour 7 \(app\.config\.json\): must lie inside the send window 8-21/],
    ['lang', undefined, /^lang undefined \(app\.config\.json\): must be one of/],
  ])('names the app.config.json entry %s when the bad value came from the file', (key, value, message) => {
    expect(failure({}, { ...file, [key]: value }).message).toMatch(message);
  });

  it('names the key inside a template of the file', () => {
    const subscribeTemplates = [{ id: 'A', data: { thing1: '', date2: '{date}' } }];
    expect(failure({}, { ...file, subscribeTemplates }).message).toMatch(/^subscribeTemplates\[0\]\.data\.thing1 "" \(app\.config\.json\): must be non-empty text/);
  });

  it('validates only the settings asked for: a bad sendReminders value does not stop a reader of the time zone', () => {
    const env = { REMINDER_SEND_CONCURRENCY: '0' };
    expect(loadConfig(['timezone'], env)).toEqual({ timezone: 'Asia/Shanghai' });
    expect(() => loadConfig(['sendConcurrency'], env)).toThrow(/REMINDER_SEND_CONCURRENCY "0"/);
  });

  it('lists the console variables that override the settings asked for', () => {
    const env = { REMINDER_WINDOW: '9-20', REMINDER_LANG: 'en_US', REMINDER_SUBSCRIBE_TEMPLATE_ID: 'A' };
    expect(overridesOf(['window', 'subscribeTemplates'], env)).toEqual(['REMINDER_WINDOW', 'REMINDER_SUBSCRIBE_TEMPLATE_ID']);
    expect(ENV_VARS).toEqual(expect.arrayContaining(['REMINDER_MINIPROGRAM_STATE', 'REMINDER_LANG', 'REMINDER_SUBSCRIBE_TEMPLATES']));
  });
});

describe('currentConfig', () => {
  it('revalidates when the environment changes and reuses the result when it does not', () => {
    const a = currentConfig(['defaultHour'], { REMINDER_DEFAULT_HOUR: '11' });
    expect(currentConfig(['defaultHour'], { REMINDER_DEFAULT_HOUR: '11' })).toBe(a);
    expect(currentConfig(['defaultHour'], { REMINDER_DEFAULT_HOUR: '12' }).defaultHour).toBe(12);
    expect(() => currentConfig(['defaultHour'], { REMINDER_DEFAULT_HOUR: '99' })).toThrow(ConfigError);
  });
});
