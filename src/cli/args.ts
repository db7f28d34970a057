// A small, strict argument parser: unknown options are errors (in Chinese), never silently ignored.
import { CliError } from './io.ts';

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly multiple?: boolean;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string | boolean | string[] | undefined>;
}

export function parseArgs(
  args: readonly string[],
  spec: Record<string, OptionSpec>,
  command: string,
): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean | string[] | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      const eq = a.indexOf('=');
      const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, '');
      const s = spec[name];
      if (!s) throw new CliError(`${command}：未知选项 ${a}（用 gongkai help ${command} 查看用法）`);
      if (s.type === 'boolean') {
        options[name] = true;
        continue;
      }
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new CliError(`${command}：选项 --${name} 需要一个值`);
      if (s.multiple) {
        const list = (options[name] as string[] | undefined) ?? [];
        list.push(value);
        options[name] = list;
      } else options[name] = value;
      continue;
    }
    positionals.push(a);
  }
  return { positionals, options };
}

export function intOption(v: unknown, name: string, command: string, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`${command}：--${name} 应为非负整数，收到 "${String(v)}"`);
  return n;
}
