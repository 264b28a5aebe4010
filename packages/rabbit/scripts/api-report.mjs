// The public API of @ecom/rabbit, one report per entry point (packages/rabbit/api/*.api.md), made by
// API Extractor from the built declarations. `--update` rewrites the reports; without it (CI) any
// difference fails, so a change to the public API shows in review and needs its report updated.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const pkg = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
const base = ExtractorConfig.loadFile(join(packageFolder, 'api-extractor.json'));

let failed = false;
for (const entry of Object.keys(pkg.exports).filter((key) => key !== './package.json')) {
  const name = entry === '.' ? 'rabbit' : `rabbit-${entry.slice(2)}`;
  const types = pkg.exports[entry].types;
  const config = ExtractorConfig.prepare({
    configObject: {
      ...base,
      mainEntryPointFilePath: join(packageFolder, types),
      apiReport: { ...base.apiReport, reportFileName: name },
    },
    configObjectFullPath: join(packageFolder, 'api-extractor.json'),
    packageJsonFullPath: join(packageFolder, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false, messageCallback: quiet });
  if (result.apiReportChanged && !update) {
    console.error(`api: the public API of @ecom/rabbit${entry === '.' ? '' : entry.slice(1)} changed; run \`npx nx run rabbit:api --update\` and commit api/${name}.api.md`);
    failed = true;
  } else if (!result.succeeded) {
    failed = true;
  }
}
if (failed) process.exit(1);
console.log(update ? 'api: reports updated' : 'api: every entry point matches its report');

/** Only what needs a person: errors and report changes. */
function quiet(message) {
  if (message.logLevel !== 'error') message.handled = true;
}
