// A `gongkai serve` started as a child process by a test: where it listens, once it says so.
import type { ChildProcess } from 'node:child_process';

/**
 * The address a started `gongkai serve` prints ("Gongkai 已启动：http://127.0.0.1:<port>/"), once it has; rejected
 * with what it printed if it exits first. `output()` is all it has printed so far (stdout and stderr).
 */
export function servedAt(proc: ChildProcess): { url: Promise<string>; output: () => string } {
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Gongkai 已启动：(http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return { url, output: () => out };
}
