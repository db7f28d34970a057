// Run the gongkai CLI in-process and capture what it prints.
import { main } from '../../src/cli/main.ts';

export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: process.cwd(),
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}
