// The deployable folders `npm run build` wrote (npm test builds before running jest).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { BAKED_CONFIG_VAR } from '../../scripts/bundle';
import { checkConfigJson } from '../../scripts/functionConfig';

const root = join(__dirname, '../..');
const functionsDir = join(root, JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')).cloudfunctionRoot);
const FUNCTIONS = ['checkIn', 'expireFormIds', 'reminderSettings', 'saveFormId', 'sendReminders'];
const sdkVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies['wx-server-sdk'];

describe('deployable function folders', () => {
  it('holds exactly the functions of the design', () => {
    const found = readdirSync(functionsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(found).toEqual(FUNCTIONS);
  });

  it.each(FUNCTIONS)('%s has index.js, package.json pinning the SDK, and a valid config.json', (name) => {
    const dir = join(functionsDir, name);
    expect(existsSync(join(dir, 'index.js'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ 'wx-server-sdk': sdkVersion });
    expect(checkConfigJson(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual([]);
    const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
    // Shared code is inlined; only the SDK stays a require.
    expect(bundle).not.toMatch(/require\(["']\.\.?\//);
    expect(bundle).toMatch(/require\("wx-server-sdk"\)/);
  });

  it('sendReminders keeps V8\'s heap close to what it holds once loaded, where the same churn grows another function\'s', () => {
    // Allocates like a run (short-lived objects, ~10 MB living a while) and reads the generations' sizes.
    const churn = `const keep = []; for (let r = 0; r < 400; r++) { const a = []; for (let i = 0; i < 5000; i++) a.push({ i, s: 'x' + i }); keep.push(a); if (keep.length > 40) keep.shift(); }
      const size = (name) => require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === name).space_size;
      process.stdout.write(JSON.stringify({ young: size('new_space'), old: size('old_space') }))`;
    const heapOf = (name: string) => JSON.parse(execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(functionsDir, name, 'index.js'))}); ${churn}`], { encoding: 'utf8' })) as { young: number; old: number };
    const MB = 2 ** 20;
    const compact = heapOf('sendReminders');
    const plain = heapOf('checkIn');
    expect(compact.young).toBeLessThanOrEqual(4 * MB);
    expect(plain.young).toBeGreaterThan(8 * MB);
    // Objects promoted sooner must not pile up in the old generation instead: ~39 MB here, 144 MB
    // with the young generation's setting alone (the SDK's ~15 MB and the churn's ~10 MB are live).
    expect(compact.old).toBeLessThanOrEqual(64 * MB);
  });

  it.each(FUNCTIONS)('%s/index.js loads with require() in a plain Node process and exports main', (name) => {
    const out = execFileSync(process.execPath, ['-e', `const m = require(${JSON.stringify(join(functionsDir, name, 'index.js'))}); process.stdout.write(typeof m.main)`], {
      env: { ...process.env, TZ: 'UTC' },
      encoding: 'utf8',
    });
    expect(out).toBe('function');
  });

  it('timer functions carry a trigger, and the functions that send the send and template-list permissions', () => {
    const read = (n: string) => JSON.parse(readFileSync(join(functionsDir, n, 'config.json'), 'utf8'));
    // reminderSettings sends the test reminder through the same path as the run.
    for (const name of ['sendReminders', 'reminderSettings']) {
      expect([name, read(name).permissions.openapi]).toEqual([name, expect.arrayContaining(['subscribeMessage.send', 'subscribeMessage.getTemplateList', 'templateMessage.send'])]);
    }
    expect(read('sendReminders').triggers).toHaveLength(1);
    expect(read('expireFormIds').triggers).toHaveLength(1);
    expect(read('saveFormId').triggers).toBeUndefined();
  });

  it('every bundle carries the same configuration: the checked-in app.config.json', () => {
    const literal = new RegExp(`var ${BAKED_CONFIG_VAR}\\d* = ((["'\`])(?:\\\\.|(?!\\2)[^\\\\])*\\2);`);
    const baked = FUNCTIONS.map((name) => {
      const found = literal.exec(readFileSync(join(functionsDir, name, 'index.js'), 'utf8'));
      return found ? JSON.parse(runInNewContext(found[1]!) as string) : `${name}: no baked configuration`;
    });
    const file = JSON.parse(readFileSync(join(root, 'app.config.json'), 'utf8'));
    expect(baked).toEqual(FUNCTIONS.map(() => file));
  });
});

describe('a timer function bundle with the real SDK', () => {
  // Refusal happens before any I/O, so no emulator is needed: the SDK reads the context from env.
  const run = (env: Record<string, string>) =>
    JSON.parse(
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(functionsDir, 'sendReminders', 'index.js'))}).main({ Type: 'Timer' }).then((r) => process.stdout.write(JSON.stringify(r)))`], {
        env: { ...process.env, TZ: 'UTC', TENCENTCLOUD: 'true', SILENCE: 'true', SCF_NAMESPACE: 'test', TENCENTCLOUD_SECRETID: 'x', TENCENTCLOUD_SECRETKEY: 'y', TCB_CONTEXT_CNFG: '{"URL":"http://127.0.0.1:9/admin"}', ...env },
        encoding: 'utf8',
      }),
    );

  it('refuses a mini-program caller with PERMISSION_DENIED', () => {
    expect(run({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'o-someone', WX_APPID: 'wx1', TCB_SOURCE: 'wx_client' })).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
  });

  it('refuses a call from DevTools even without an OPENID', () => {
    expect(run({ WX_CONTEXT_KEYS: 'WX_OPENID', TCB_SOURCE: 'wx_devtools' })).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
  });

  it('lets its timer through', () => {
    expect(run({ WX_CONTEXT_KEYS: 'WX_OPENID', TCB_SOURCE: 'wx_trigger' }).code).not.toBe('PERMISSION_DENIED');
  });
});

describe('the build check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fns-'));
    for (const name of FUNCTIONS) cpSync(join(functionsDir, name), join(dir, name), { recursive: true, filter: (src) => !src.endsWith('index.js') });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const check = (...options: string[]) =>
    spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/build.ts'), '--functions', dir, ...(options.length ? options : ['--check-only'])], { encoding: 'utf8' });

  /** The build check on a copy of app.config.json changed by `change`. */
  const checkConfig = (change: (config: Record<string, any>) => void) => {
    const config = JSON.parse(readFileSync(join(root, 'app.config.json'), 'utf8'));
    change(config);
    writeFileSync(join(dir, 'app.config.json'), JSON.stringify(config));
    return check('--check-only', '--config', join(dir, 'app.config.json'));
  };

  it.each<[string, (c: Record<string, any>) => void, RegExp]>([
    ['a send window backwards', (c) => (c.window = '21-8'), /window "21-8" \(app\.config\.json\): hours must be 0-23 with start <= end/],
    ['a default hour outside the window', (c) => (c.defaultHour = 7), /defaultHour 7 \(app\.config\.json\): must lie inside the send window 8-21/],
    ['a message WeChat would refuse', (c) => (c.subscribeTemplates[0].data.thing4 = '叮！该签到啦~锲而不舍，金石可镂，快来答题吧'), /subscribeTemplates\[0\]\.data \(app\.config\.json\): breaks WeChat's rules for message data: thing4: .*at most 20 characters/],
    ['a misspelt setting', (c) => (c.windw = '8-21'), /windw \(app\.config\.json\): is not a setting/],
    ['a timer function that times out before its run', (c) => (c.functions.sendReminders.timeout = 20), /functions\.sendReminders\.timeout 20 \(app\.config\.json\): a timer function needs at least runBudgetMs \+ 15 s = 55 s/],
    ['a memory size the console does not offer', (c) => (c.functions.checkIn.memorySize = 300), /functions\.checkIn\.memorySize 300 \(app\.config\.json\): must be one of 128, 256, 512, 1024, 2048/],
    ['a function the project does not have', (c) => (c.functions.sendReminder = { timeout: 60, memorySize: 256 }), /functions\.sendReminder .*is not a cloud function of this project/],
    ['a fourth subscribe template', (c) => c.subscribeTemplates.push(...[1, 2, 3].map((n) => ({ id: `T${n}`, data: { thing1: '{streak}', date2: '{date}' } }))), /at most 3 subscribe templates/],
  ])('fails on %s in app.config.json, naming the key and the reason', (_what, change, message) => {
    const r = checkConfig(change);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^build check failed:\n/);
    expect(r.stderr).toMatch(message);
  });

  it('passes the checked-in app.config.json, noting that it names no template yet', () => {
    const r = checkConfig(() => undefined);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/names no subscribe template id yet/);
    expect(checkConfig((c) => (c.subscribeTemplates[0].id = 'TPL_A')).stdout).not.toMatch(/names no subscribe template/);
  });

  it('passes a copy of a real function', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['a comment', (t: string) => t.replace('{', '{\n  // nightly\n')],
    ['a trailing comma', (t: string) => t.replace(/\]\s*}\s*$/, '],\n}')],
    ['a 6-field cron', (t: string) => t.replace(/"config": "[^"]+"/, '"config": "0 */20 * * * *"')],
    ['a trigger name WeChat rejects', (t: string) => t.replace(/"name": "[^"]+"/, '"name": "every 20 minutes"')],
  ])('fails the build on %s, naming the function', (_what, breakIt) => {
    const file = join(dir, 'expireFormIds', 'config.json');
    const broken = breakIt(readFileSync(file, 'utf8'));
    expect(broken).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, broken);
    const r = check();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/build check failed:\n {2}expireFormIds: config\.json/);
  });

  it('refuses a mistyped option with exit code 2, naming it, before checking or bundling anything', () => {
    const r = check('--check-onyl');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm run build: unknown option --check-onyl');
    expect(r.stdout).toBe('');
  });

  it('fails the build when a function loosens the SDK pin', () => {
    const file = join(dir, 'expireFormIds', 'package.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(`"${sdkVersion}"`, `"^${sdkVersion}"`));
    const r = check();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/must be exactly/);
  });
});
