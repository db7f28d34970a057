// What a command may touch: its arguments and the process's streams. Commands return their exit code and never
// call process.exit, so they can be run in-process by tests.
export interface CliIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal. */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal: progress lines go there. Defaults to `isTTY`. */
  readonly stderrIsTTY?: boolean;
}

export interface Command {
  readonly name: string;
  /** One line in Chinese for `gongkai help`. */
  readonly summary: string;
  /** Full usage text in Chinese. */
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** A user error with a Chinese message: the CLI prints it and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
