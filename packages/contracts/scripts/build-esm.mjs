// Second half of `nx build contracts`: after tsc has emitted CommonJS to dist/cjs, give each
// entry point an ES module that re-exports it. One implementation behind both formats means one
// ContractValidationError class (instanceof works across CJS and ESM callers) and one compile cache.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const require = createRequire(import.meta.url);
const entries = ['index', 'validation/index', 'compat/index'];

writeFileSync(join(dist, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
mkdirSync(join(dist, 'esm'), { recursive: true });
writeFileSync(join(dist, 'esm', 'package.json'), '{ "type": "module" }\n');

for (const entry of entries) {
  const target = join(dist, 'esm', `${entry}.js`);
  const source = join(dist, 'cjs', `${entry}.js`);
  // Named exports are listed explicitly rather than left to Node's CommonJS export detection.
  const names = Object.keys(require(source)).filter((name) => name !== '__esModule').sort();
  const from = relative(dirname(target), source).split('\\').join('/');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(
    target,
    `import cjs from '${from}';\n\nexport const { ${names.join(', ')} } = cjs;\n`,
  );
  writeFileSync(join(dist, 'esm', `${entry}.d.ts`), `export * from '${from}';\n`);
  console.log(`dist/esm/${entry}.js re-exports ${names.length} names`);
}
