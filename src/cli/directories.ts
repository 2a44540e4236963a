/** Checks of the folders named on the command line (`--claude-dir` and friends), shared by the sub-commands. */
import fs from 'node:fs';

/** A named folder is missing, not a folder, or unreadable: the command exits 1 with this message. */
export class InputError extends Error {}

/** Throws an {@link InputError} naming the flag unless `dir` is a folder this process can read. */
export function assertReadableDirectory(flag: string, dir: string): void {
  try {
    if (!fs.statSync(dir).isDirectory()) throw new InputError(`--${flag} ${dir} is not a folder`);
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read --${flag} ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
