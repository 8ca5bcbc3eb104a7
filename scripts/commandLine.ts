// How `npm start`, `npm run bench` and `npm run build` read their command lines: node:util parseArgs,
// with this project's rules on top (every error names the option; an option is given once unless
// it is `multiple`; a value that looks like an option is refused rather than swallowed), the
// numbers checked against their range, and --help and a bad option answered the same way.
// (The emulator has its own, so that it stands alone.)
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class OptionError extends Error {
  override name = 'OptionError';
}

type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true }>>['values'];

/** The options in argv, or an OptionError naming the first one that is wrong. No positionals. */
export function readOptions<const O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O): Values<O> {
  const args = [...argv];
  // Checked on the lenient parse's tokens so that each refusal gets our wording (parseArgs' strict
  // messages differ between Node versions and suggest positionals, which no command here takes).
  const seen = new Set<string>();
  for (const token of parseArgs({ args, options, strict: false, tokens: true }).tokens) {
    if (token.kind !== 'option') throw new OptionError(`unexpected argument "${args[token.index]}" (options start with --; see --help)`);
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) throw new OptionError(`unknown option ${token.rawName} (see --help)`);
    const name = `--${token.name}`;
    if (seen.has(token.name) && !spec.multiple) throw new OptionError(`${name} is given twice`);
    seen.add(token.name);
    if (spec.type === 'boolean' && token.value !== undefined) throw new OptionError(`${name} takes no value`);
    if (spec.type === 'string') {
      const value = token.value;
      if (value === undefined || (!token.inlineValue && value.startsWith('--'))) throw new OptionError(`${name} needs a value (see --help)`);
      if (!token.inlineValue && value.startsWith('-')) throw new OptionError(`${name} needs a value; write ${name}=${value} for one that starts with "-"`);
    }
  }
  return parseArgs({ args, options, strict: true }).values;
}

const range = (min: number, max: number | undefined) => (max === undefined ? `of at least ${min}` : `from ${min} to ${max}`);

/** A whole number written in digits, from min to max (inclusive). */
export function wholeNumber(option: string, raw: string, min: number, max?: number): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < min || (max !== undefined && n > max)) throw new OptionError(`--${option} must be a whole number ${range(min, max)}, got "${raw}"`);
  return n;
}

/** Any finite number from min to max (inclusive). */
export function decimal(option: string, raw: string, min: number, max?: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || (max !== undefined && n > max)) throw new OptionError(`--${option} must be a number ${range(min, max)}, got "${raw}"`);
  return n;
}

/**
 * The options of this process's command line, read by parse. With --help: prints help and gives
 * undefined (the command then does nothing). With a bad option: prints the message and a pointer to
 * --help on stderr and exits 2, before the command has started anything.
 */
export function commandLine<T extends { help: boolean }>(command: string, help: string, parse: (argv: readonly string[]) => T): T | undefined {
  let options: T;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    console.error(`${command}: ${error.message}\nRun "${command} -- --help" for the options.`);
    process.exit(2);
  }
  if (!options.help) return options;
  process.stdout.write(help.endsWith('\n') ? help : `${help}\n`);
  return undefined;
}
