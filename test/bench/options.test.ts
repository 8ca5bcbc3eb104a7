// `npm run bench` options: the defaults the help text promises, every option, and refusals that
// name the option.
import { defaultStart, HELP, parseOptions } from '../../bench/options';
import { SYSTEM_IDS } from '../../bench/systems';
import { OptionError } from '../../scripts/commandLine';

describe('npm run bench options', () => {
  it('uses the defaults the help text gives when no option is given', () => {
    const before = defaultStart();
    const o = parseOptions([]);
    expect([before.getTime(), defaultStart().getTime()]).toContain(o.start.getTime()); // today's 10:00 in Shanghai
    expect(o).toEqual({
      sizes: [1000, 10_000, 50_000],
      systems: [...SYSTEM_IDS],
      dbLatencyMs: 20,
      sendLatencyMs: 150,
      scale: 1,
      timeoutMs: 60_000,
      creditsPerUser: 2,
      channel: 'subscribe',
      baselineConcurrency: 10,
      fanOut: null,
      maxFirings: 12,
      env: {},
      start: o.start,
      quietMs: 1000,
      json: null,
      functionLog: null,
      help: false,
    });
    for (const line of ['--sizes 1000,10000,50000', '--db-latency 20', '--send-latency 150', '--scale 1', '--timeout-ms 60000', '--credits 2', '--channel subscribe', '--baseline-concurrency 10', '--max-firings 12', '--quiet-ms 1000']) {
      expect(HELP).toContain(line);
    }
  });

  it('reads every option, as "--name value" or "--name=value", and --env once per variable', () => {
    const o = parseOptions([
      '--sizes=1_000,20', '--full', '--systems', 'ours,article', '--db-latency', '2.5', '--send-latency=0', '--scale', '0.1', '--timeout-ms', '5000',
      '--credits', '3', '--channel', 'form', '--baseline-concurrency', '4', '--fanout', '8', '--max-firings', '2', '--env', 'A=1', '--env=B=x=y',
      '--start', '2026-03-09T02:00:00Z', '--quiet-ms', '300', '--json', 'out.json', '--function-log', 'fn.log',
    ]);
    expect(o).toEqual({
      sizes: [1000, 20, 100_000],
      systems: ['ours', 'article'],
      dbLatencyMs: 2.5,
      sendLatencyMs: 0,
      scale: 0.1,
      timeoutMs: 5000,
      creditsPerUser: 3,
      channel: 'form',
      baselineConcurrency: 4,
      fanOut: 8,
      maxFirings: 2,
      env: { A: '1', B: 'x=y' },
      start: new Date('2026-03-09T02:00:00Z'),
      quietMs: 300,
      json: 'out.json',
      functionLog: 'fn.log',
      help: false,
    });
  });

  it('takes --help or -h, and lists every option in the help text', () => {
    expect(parseOptions(['--help']).help).toBe(true);
    expect(parseOptions(['-h']).help).toBe(true);
    for (const name of ['sizes', 'full', 'systems', 'db-latency', 'send-latency', 'scale', 'timeout-ms', 'credits', 'channel', 'baseline-concurrency', 'fanout', 'max-firings', 'env', 'start', 'quiet-ms', 'json', 'function-log', 'help']) {
      expect(HELP).toContain(`--${name}`);
    }
  });

  it('does not add 100000 twice with --full', () => {
    expect(parseOptions(['--sizes', '100000', '--full']).sizes).toEqual([100_000]);
  });

  it.each<[string[], RegExp]>([
    [['--sizes', '1000,x'], /--sizes must be a whole number of at least 1, got "x"/],
    [['--sizes', '0'], /--sizes must be a whole number of at least 1, got "0"/],
    [['--systems', 'ours,nope'], /--systems takes a list of ours, ours-retired, article, article-fixed; got nope/],
    [['--systems', ','], /--systems takes a list .*; got nothing/],
    [['--db-latency', 'fast'], /--db-latency must be a number of at least 0, got "fast"/],
    [['--db-latency='], /--db-latency must be a number of at least 0, got ""/],
    [['--scale', '2'], /--scale must be a number from 0.001 to 1, got "2"/],
    [['--scale', '0'], /--scale must be a number from 0.001 to 1, got "0"/],
    [['--timeout-ms', '500'], /--timeout-ms must be a whole number of at least 1000, got "500"/],
    [['--credits', '1.5'], /--credits must be a whole number of at least 1, got "1.5"/],
    [['--channel', 'sms'], /--channel is subscribe or form, got sms/],
    [['--env', '=1'], /--env takes KEY=VALUE, got =1/],
    [['--start', 'soon'], /--start takes an ISO date-time/],
    [['--json='], /--json needs a file name/],
    [['--sizes'], /--sizes needs a value/],
    [['--full=yes'], /--full takes no value/],
    [['--size', '5'], /unknown option --size/],
    [['1000'], /unexpected argument "1000"/],
    // Where node:util parseArgs would read the line differently, the rule is ours:
    [['--db-latency', '-5'], /--db-latency needs a value; write --db-latency=-5 for one that starts with "-"/],
    [['--sizes', '--full'], /--sizes needs a value/], // not the list "--full"
    [['--sizes', '1000', '--sizes', '5000'], /--sizes is given twice/], // the last one no longer wins silently
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(OptionError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
