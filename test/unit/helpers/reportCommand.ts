/** Runs the `tokenwise report` command logic in this process with captured output. */
import { PassThrough } from 'node:stream';
import { runReport, type ReportDependencies } from '../../../src/cli/reportCommand';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function report(args: string[], deps: ReportDependencies): Promise<Captured> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runReport(args, { stdout, stderr, stdin: new PassThrough() }, deps);
  return { code, stdout: out, stderr: err };
}
