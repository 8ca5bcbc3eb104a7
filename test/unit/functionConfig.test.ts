import { checkConfigJson, checkPackageJson } from '../../scripts/functionConfig';

const timer = (config: string, name = 'daily') => JSON.stringify({ permissions: { openapi: [] }, triggers: [{ name, type: 'timer', config }] });

describe('checkConfigJson', () => {
  it('accepts the configs WeChat documents', () => {
    expect(checkConfigJson('{"permissions":{"openapi":["subscribeMessage.send","templateMessage.send"]},"triggers":[{"name":"daily","type":"timer","config":"0 0 10 * * * *"}]}')).toEqual([]);
    expect(checkConfigJson('{"permissions":{"openapi":[]}}')).toEqual([]);
  });

  it.each([
    ['a comment', '{\n  // timer\n  "permissions": {"openapi": []}\n}', /not strict JSON/],
    ['a trailing comma', '{"permissions":{"openapi":[]},}', /not strict JSON/],
    ['a 5-field cron', timer('0 10 * * *'), /has 5 field/],
    ['a 6-field cron', timer('0 0 10 * * *'), /has 6 field/],
    ['an every-second cron', timer('* * * * * * *'), /every second/],
    ['a numeric weekday', timer('0 0 10 * * 1 *'), /SUN…SAT/],
    ['a trigger name starting with a digit', timer('0 0 10 * * * *', '1daily'), /must start with a letter/],
    ['a trigger name with a space', timer('0 0 10 * * * *', 'daily run'), /triggers\[0\]\.name/],
    ['a 61-character trigger name', timer('0 0 10 * * * *', 'a'.repeat(61)), /at most 60/],
    ['a non-timer trigger', '{"permissions":{"openapi":[]},"triggers":[{"name":"a","type":"http","config":"0 0 10 * * * *"}]}', /only "timer"/],
    ['two triggers', JSON.stringify({ permissions: { openapi: [] }, triggers: [{ name: 'a', type: 'timer', config: '0 0 10 * * * *' }, { name: 'b', type: 'timer', config: '0 0 11 * * * *' }] }), /one trigger per function/],
    ['an unknown open API', '{"permissions":{"openapi":["uniformMessage.send"]}}', /permissions\.openapi has "uniformMessage\.send"/],
    ['no permissions', '{}', /permissions\.openapi must be an array/],
    ['an unknown key', '{"permissions":{"openapi":[]},"timeout":60}', /unknown key "timeout"/],
    ['an array', '[]', /must be a JSON object/],
  ])('rejects %s', (_what, text, why) => {
    const errors = checkConfigJson(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(why);
  });
});

describe('checkPackageJson', () => {
  it('accepts the exact pinned SDK', () => {
    expect(checkPackageJson('{"main":"index.js","dependencies":{"wx-server-sdk":"4.0.2"}}', '4.0.2')).toEqual([]);
  });
  it.each([
    ['{"dependencies":{"wx-server-sdk":"^4.0.2"}}', /must be exactly "4\.0\.2"/],
    ['{"dependencies":{}}', /must be exactly/],
    ['{"main":"app.js","dependencies":{"wx-server-sdk":"4.0.2"}}', /main must be "index\.js"/],
    ['{', /not valid JSON/],
  ])('rejects %s', (text, why) => {
    expect(checkPackageJson(text, '4.0.2').join('\n')).toMatch(why);
  });
});
