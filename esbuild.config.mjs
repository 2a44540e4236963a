// One build for everything: the extension host bundle (node, cjs, `vscode` external), the webview bundle
// (browser, iife), the `tokenwise` CLI, the counting worker, and — outside --production — the integration
// tests and the benchmark. It also generates the token engine's rank tables into dist/data/. `--production` minifies and drops test code; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, mkdirSync, cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildRankTables } from './scripts/build-rank-tables.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Every *.ts file below `dir` (recursive), for multi-entry test builds. */
function tsFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFilesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/**
 * sql.js's Emscripten glue can also fetch its .wasm over the network (fetch / XMLHttpRequest, for browsers).
 * Tokenwise always hands it the binary read from dist/data, so those branches never run; this patches them out
 * of the bundle so it holds no network code at all (test/unit/privacy.test.ts checks the result).
 */
const stripSqlJsNetworkLoaders = {
  name: 'strip-sql.js-network-loaders',
  setup(build) {
    build.onLoad({ filter: /[\\/]sql\.js[\\/]dist[\\/]sql-wasm\.js$/ }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      const patched = original.replace(/\bXMLHttpRequest\b/g, 'TokenwiseNoNetworkLoader').replace(/(?<![\w$.])fetch\s*\(/g, 'tokenwiseNoFetch(');
      if (patched === original) throw new Error('sql.js no longer has the network loaders this build patches out: review stripSqlJsNetworkLoaders');
      const guard = 'function tokenwiseNoFetch() { throw new Error("Tokenwise never loads code over the network"); }\nfunction TokenwiseNoNetworkLoader() { tokenwiseNoFetch(); }\n';
      return { contents: guard + patched, loader: 'js' };
    });
  },
};

const nodeCommon = {
  plugins: [stripSqlJsNetworkLoaders],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // JSON data (model catalog) is bundled; binary data is loaded from dist/data at run time.
  loader: { '.json': 'json' },
};

/** Static data files the bundles read at run time (copied, not bundled). */
function copyData() {
  if (existsSync('src/data')) {
    mkdirSync('dist/data', { recursive: true });
    cpSync('src/data', 'dist/data', { recursive: true, filter: (src) => !src.endsWith('.ts') && !src.endsWith('.md') });
  }
  // sql.js's SQLite engine (read-only database sources such as OpenCode): loaded at run time from dist/data.
  mkdirSync('dist/data', { recursive: true });
  cpSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/data/sql-wasm.wasm');
}

const builds = [
  {
    ...nodeCommon,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    entryPoints: { main: 'src/webview/main.ts' },
    outdir: 'dist/webview',
  },
];

const workerEntries = tsFilesUnder('src/worker');
if (workerEntries.length > 0) {
  builds.push({ ...nodeCommon, entryPoints: workerEntries, outdir: 'dist/worker', outbase: 'src/worker' });
}

if (!production) {
  const integration = tsFilesUnder('test/integration');
  if (integration.length > 0) {
    builds.push({
      ...nodeCommon,
      entryPoints: integration,
      outdir: 'out/test/integration',
      outbase: 'test/integration',
      external: ['vscode', 'mocha'],
    });
  }
  if (existsSync('bench/index.ts')) {
    builds.push({ ...nodeCommon, entryPoints: { index: 'bench/index.ts' }, outdir: 'dist/bench', external: ['tiktoken', 'js-tiktoken', 'gpt-tokenizer'] });
  }
}

// A production build starts from an empty dist/ so no stale development file (source maps) is packaged.
if (production) rmSync('dist', { recursive: true, force: true });
copyData();
// The token engine's rank tables are generated from js-tiktoken (a devDependency) into dist/data/.
await buildRankTables('dist/data');
if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
