/** The benches' command-line flags: `--name value` or `--name=value`. */

/** The flag's value, or undefined when it is not given. */
export function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}` && args[i + 1] !== undefined) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** A whole-number flag ≥ 1, or `fallback` when it is not given; anything else is refused. */
export function count(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} takes a whole number ≥ 1, not ${value}`);
  return parsed;
}
