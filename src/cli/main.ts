/**
 * `tokenwise`: the command-line front end over the same core the extension uses.
 * Sub-commands live in their own modules; this file only parses the first word and dispatches.
 */
import { runCli } from './run';
import './count';
import './report';
import './calibrateCommand';

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then((code) => {
  process.exitCode = code;
});
