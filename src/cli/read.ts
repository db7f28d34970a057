// How the CLI verbs read report files: through the one reading pipeline (src/reading/pipeline.ts), in a worker with
// the time and memory limits of GONGKAI_READ_TIMEOUT / GONGKAI_READ_MEMORY_MB, never on the command's own thread.
import type { Report } from '../domain/report/model.ts';
import { UnreadableError } from '../parse/index.ts';
import { limitsFromEnv, type ReadingPipeline, withPipeline } from '../reading/pipeline.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Run `f` with a pipeline configured from the environment, closed afterwards. */
export const withCliPipeline = <T>(env: Env, f: (p: ReadingPipeline) => Promise<T>): Promise<T> =>
  withPipeline({ limits: limitsFromEnv(env) }, f);

/** Read one file or throw an UnreadableError with the pipeline's Chinese message. */
export async function readOneReport(p: ReadingPipeline, file: string): Promise<Report> {
  const r = await p.readFile(file);
  if (!r.ok) throw new UnreadableError(r.message, file);
  return r.report;
}

/** One file with a pipeline of its own (`--prev`, `--against`, `render`). */
export const readReportForCli = (env: Env, file: string): Promise<Report> =>
  withCliPipeline(env, (p) => readOneReport(p, file));
