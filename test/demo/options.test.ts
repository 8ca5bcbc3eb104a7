import { DEFAULTS, HELP, parseOptions } from '../../demo/options';
import { OptionError } from '../../scripts/commandLine';

const parse = (...argv: string[]) => parseOptions(argv, '/tmp/out');

describe('npm start options', () => {
  it('uses the documented defaults when no option is given', () => {
    expect(parse()).toEqual({ ...DEFAULTS, out: '/tmp/out' });
    expect(DEFAULTS).toMatchObject({ users: 300, days: 7, templateMessage: 'retired' });
  });

  it('reads every option, as "--name value" or "--name=value"', () => {
    expect(
      parse('--users', '50', '--days=3', '--seed', '42', '--template-message', 'legacy', '--fault-rate=0.25', '--templates', '1', '--holdout', '20', '--start', '2019-06-03', '--out', 'x', '--serve', '--port', '0'),
    ).toEqual({ users: 50, days: 3, seed: 42, templateMessage: 'legacy', faultRate: 0.25, templates: 1, holdout: 20, start: '2019-06-03', out: 'x', serve: true, port: 0, help: false });
  });

  it('lists every option in --help', () => {
    expect(parse('--help').help).toBe(true);
    for (const name of ['users', 'days', 'seed', 'template-message', 'fault-rate', 'templates', 'holdout', 'start', 'out', 'serve', 'port', 'help']) expect(HELP).toContain(`--${name}`);
  });

  it.each<[string[], RegExp]>([
    [['--users', '0'], /--users must be a whole number from 1 to 5000, got "0"/],
    [['--users', '2.5'], /--users must be a whole number/],
    [['--users', 'many'], /--users must be a whole number/],
    [['--days', '32'], /--days must be a whole number from 1 to 31/],
    [['--seed=-1'], /--seed must be a whole number from 0 to 2147483647, got "-1"/],
    [['--users='], /--users must be a whole number from 1 to 5000, got ""/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--fault-rate', '1.5'], /--fault-rate must be a number from 0 to 1, got "1.5"/],
    [['--fault-rate', ''], /--fault-rate must be a number from 0 to 1/],
    [['--templates', '4'], /--templates must be a whole number from 1 to 3, got "4"/],
    [['--holdout', '51'], /--holdout must be a whole number from 0 to 50, got "51"/],
    [['--template-message', 'modern'], /--template-message must be legacy or retired, got "modern"/],
    [['--start', '2024-02-30'], /--start must be a date YYYY-MM-DD, got "2024-02-30"/],
    [['--users'], /--users needs a value/],
    [['--users', '--days', '3'], /--users needs a value/],
    [['--user', '5'], /unknown option --user/],
    [['users=5'], /unexpected argument "users=5"/],
    [['--serve=yes'], /--serve takes no value/],
    [['--seed', '1', '--seed', '2'], /--seed is given twice/],
    [['--out', ' '], /--out must name a folder/],
    // Where node:util parseArgs would read the line differently, the rule is ours:
    [['--seed', '-1'], /--seed needs a value; write --seed=-1 for one that starts with "-"/], // a value that looks like an option is not taken silently
    [['--', '--users', '5'], /unexpected argument "--"/], // no positionals, not even after --
    [['-h'], /unknown option -h/], // short names are unknown here
    [['--toString'], /unknown option --toString/], // an Object.prototype name is not an option
    [['--serve', '--serve'], /--serve is given twice/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parse(...argv)).toThrow(OptionError);
    expect(() => parse(...argv)).toThrow(message);
  });
});
