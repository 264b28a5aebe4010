// `nx run contracts:generate`: writes the JSON Schema files and the AsyncAPI document from the TS source.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { asyncApiFile, expectedFiles, packageRoot, schemasDir } from './artifacts';

const root = process.argv[2] ?? packageRoot;
// The source is the truth: files of versions no longer registered disappear with the rewrite.
rmSync(join(root, schemasDir), { recursive: true, force: true });
for (const [file, text] of expectedFiles()) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
console.log(`(${asyncApiFile} and ${schemasDir}/ are generated: commit them, do not edit them)`);
