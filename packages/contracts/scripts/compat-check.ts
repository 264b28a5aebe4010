import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findBreakingChanges } from '../src/compat';
import type { BreakingChange, JsonSchema } from '../src/compat';
import { expectedFiles, packageRoot, schemaDocuments, schemasDir } from './artifacts';

/** What the compat check found: breaking changes fail outright, stale files just need `generate`. */
export interface CompatReport {
  breaking: { file: string; changes: BreakingChange[] }[];
  stale: string[];
}

/** Compares the schemas in the TypeScript source with the JSON committed under `root`. */
export function checkCompatibility(root: string = packageRoot): CompatReport {
  const report: CompatReport = { breaking: [], stale: [] };
  const documents = schemaDocuments();
  const expected = expectedFiles();

  for (const file of committedSchemaFiles(root)) {
    if (!documents.has(file)) {
      report.breaking.push({
        file,
        changes: [{ path: '/', kind: 'version-removed', message: 'schema removed from the source while its committed file remains' }],
      });
    }
  }
  for (const [file, text] of expected) {
    const onDisk = join(root, file);
    if (!existsSync(onDisk)) {
      report.stale.push(`${file} is missing`);
      continue;
    }
    const committed = readFileSync(onDisk, 'utf8');
    if (committed === text) continue;
    const current = documents.get(file);
    const changes = current ? findBreakingChanges(JSON.parse(committed) as JsonSchema, current) : [];
    if (changes.length > 0) report.breaking.push({ file, changes });
    else report.stale.push(`${file} is out of date`);
  }
  return report;
}

/** Whether the check passes. */
export function isCompatible(report: CompatReport): boolean {
  return report.breaking.length === 0 && report.stale.length === 0;
}

/** Human-readable summary of a report, one line per problem. */
export function formatReport(report: CompatReport): string {
  const lines: string[] = [];
  if (report.breaking.length > 0) {
    lines.push('Breaking schema changes (add a new version file instead of changing a published one):');
    for (const { file, changes } of report.breaking) {
      for (const change of changes) lines.push(`  ${file} ${change.path}: ${change.message} [${change.kind}]`);
    }
  }
  if (report.stale.length > 0) {
    lines.push('Generated files are stale; run `npx nx run contracts:generate` and commit the result:');
    for (const line of report.stale) lines.push(`  ${line}`);
  }
  return lines.length === 0 ? 'Schemas are compatible with the committed JSON.' : lines.join('\n');
}

function committedSchemaFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.json') ? [join(dir, entry.name)] : [],
    );
  const dir = join(root, schemasDir);
  return existsSync(dir) ? walk(dir).map((file) => relative(root, file)) : [];
}
