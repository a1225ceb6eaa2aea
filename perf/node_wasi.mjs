// Runs a WASI command module under Node.js (V8) with node:wasi (preview1):
//
//   node perf/node_wasi.mjs [--dir HOST::GUEST]... module.wasm [args...]
//
// The guest gets argv = [module.wasm, args...], the host's environment and stdio, and the
// directories given with --dir (as `zwasm run --dir` spells them), none by default. The process exits with the guest's proc_exit status (0 when _start
// returns); a trap prints the error and exits with status 134, like `zwasm run`.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import v8 from 'node:v8';
import { WASI } from 'node:wasi';

// node:wasi's imports are V8 "fast API calls" when TurboFan compiles the calling wrapper, and
// a fast call may allocate and so start a GC mid-call, which finalizes the WASI object in use
// (nodejs/node#46777, #53087): with a few tens of MB of linear memory the process crashes
// (SIGSEGV or abort in uvwasi) right after the program's output. Plain API calls are safe;
// the benchmarks make few WASI calls, so this costs them nothing measurable.
v8.setFlagsFromString('--no-turbo-fast-api-calls');

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0] === '--dir' && argv.length > 1) {
  const [host, guest] = argv[1].split('::');
  preopens[guest ?? host] = host;
  argv.splice(0, 2);
}
const [modulePath, ...guestArgs] = argv;
if (!modulePath) {
  console.error('usage: node node_wasi.mjs [--dir HOST::GUEST]... module.wasm [args...]');
  process.exit(2);
}

// node:wasi prints an ExperimentalWarning once per process; it is noise on stderr here.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ExperimentalWarning') console.error(warning.toString());
});

const wasi = new WASI({
  version: 'preview1',
  args: [modulePath, ...guestArgs],
  env: process.env,
  preopens,
  returnOnExit: true,
});
try {
  const module = await WebAssembly.compile(await readFile(modulePath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (error) {
  console.error(`node_wasi: ${error instanceof WebAssembly.RuntimeError ? 'wasm trap: ' : ''}${error.message}`);
  process.exitCode = error instanceof WebAssembly.RuntimeError ? 134 : 1;
}
