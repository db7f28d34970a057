// A timeline of a start, for measuring it (issue 18): with GONGKAI_START_TRACE=1 each mark prints to standard error
// the milliseconds since the process began (performance.now(): Node's time origin is the process's start), the CPU
// seconds of the whole process and of its main thread so far (/proc on Linux; V8's compiler and GC threads are the
// difference). Off by default: a mark is then one property read.
import { readFileSync } from 'node:fs';

const on = process.env.GONGKAI_START_TRACE === '1';

function mainThreadCpu(): string {
  try {
    const fields = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100).toFixed(2);
  } catch {
    return '?';
  }
}

export function startMark(what: string): void {
  if (!on) return;
  const u = process.cpuUsage();
  process.stderr.write(
    `[start] ${performance.now().toFixed(0).padStart(5)} ms  cpu ${((u.user + u.system) / 1e6).toFixed(2)} s  main ${mainThreadCpu()} s  ${what}\n`,
  );
}
