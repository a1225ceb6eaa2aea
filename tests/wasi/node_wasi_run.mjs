// A reference runner for the WASI test programs: node's WASI (preview1) behind the same command
// line as `zwasm run`, so run_wasi_test.sh can check a program and its expected output against
// an independent implementation:
//
//   ZWASM_WASI_RUNNER="node tests/wasi/node_wasi_run.mjs" tests/wasi/run_wasi_test.sh ...
//
// Options: --dir HOST[::GUEST], --env NAME=VALUE, --inherit-env, then module.wasm [--] [args].
// A trap prints "node-wasi: wasm trap: MESSAGE" and exits 134, as zwasm does.
// Where node differs from wasmtime (node's uvwasi reports ENOTCAPABLE for sandbox escapes where
// wasmtime reports EPERM), the expected files follow wasmtime.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';
import { basename } from 'node:path';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; ++i) {
  let a = argv[i];
  let value = null;  // from --opt=value
  const eq = a.indexOf('=');
  if (a.startsWith('--') && eq > 0) {
    value = a.slice(eq + 1);
    a = a.slice(0, eq);
  }
  const next = () => (value !== null ? value : argv[++i]);
  if (a === '--dir') {
    const spec = next();
    const sep = spec.indexOf('::');
    const host = sep < 0 ? spec : spec.slice(0, sep);
    const guest = sep < 0 ? spec : spec.slice(sep + 2);
    preopens[guest] = host;
  } else if (a === '--env') {
    const spec = next();
    const sep = spec.indexOf('=');
    if (sep < 0) {
      if (process.env[spec] !== undefined) env[spec] = process.env[spec];
    } else {
      env[spec.slice(0, sep)] = spec.slice(sep + 1);
    }
  } else if (a === '--inherit-env') {
    const given = { ...env };
    Object.assign(env, process.env, given);
  } else if (a === '--engine') {
    next();
  } else {
    break;
  }
}
const modulePath = argv[i++];
if (argv[i] === '--') ++i;
// argv[0] is the module's file name, as zwasm and wasmtime pass it.
const args = [basename(modulePath), ...argv.slice(i)];

const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
try {
  const module = await WebAssembly.compile(await readFile(modulePath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError) {
    process.stderr.write(`node-wasi: wasm trap: ${e.message}\n`);
    process.exitCode = 134;
  } else {
    process.stderr.write(`node-wasi: ${e.message}\n`);
    process.exitCode = 1;
  }
}
