import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { runCompiled } from './inline-sqlite';

/** Marks where a named value goes; it reaches the compiled query's parameters as it is. */
const SLOT = Symbol('ecom.prepared-query.slot');

interface Slot {
  readonly [SLOT]: string;
}

function isSlot(value: unknown): value is Slot {
  return typeof value === 'object' && value !== null && SLOT in value;
}

/** What `build` calls for each value that changes between runs; typed as the value itself. */
export type Param<P> = <K extends keyof P & string>(name: K) => P[K];

/** The query compiled once and, per parameter, the name of the value to bind or a constant. */
interface Compiled<P, R> {
  template: CompiledQuery<R>;
  parameters: ({ name: keyof P & string } | { constant: unknown })[];
}

/**
 * A query built and compiled once per database, then run with fresh values: Kysely builds an
 * immutable tree and compiles it on every call, which costs more than SQLite takes to run a
 * small statement. `build` writes the query as usual, with `param('name')` wherever a value
 * changes between runs; what it returns is compiled the first time a database runs it (in that
 * database's dialect and through its plugins), and the SQL text is reused after that. Anything
 * that changes the SQL itself (a list's length, an optional clause) needs its own query.
 *
 *   const findPayment = prepareQuery<PaymentDatabase, { orderId: string }>()((db, param) =>
 *     db.selectFrom('payments').selectAll().where('order_id', '=', param('orderId')));
 *   const row = await findPayment.first(tx, { orderId });
 */
export class PreparedQuery<DB, P extends object, R> {
  /** Per database instance (its adapter, which its transactions share). */
  readonly #compiled = new WeakMap<object, Compiled<P, R>>();

  constructor(private readonly build: (db: Kysely<DB>, param: Param<P>) => Compilable<R>) {}

  /** The query for these values, compiled for `db` (a database or one of its transactions). */
  compile(db: Kysely<DB>, values: P): CompiledQuery<R> {
    const { template, parameters } = this.compiledFor(db);
    // The first compilation's tree and id go with every run (no new node per run): Kysely reads
    // only the text and the parameters to run it, and the tree and id for plugins' result hooks.
    return { ...template, parameters: parameters.map((parameter) => ('name' in parameter ? values[parameter.name] : parameter.constant)) };
  }

  /** Runs it on `db` (a database or one of its transactions) with these values. */
  execute(db: Kysely<DB>, values: P): Promise<QueryResult<R>> {
    return this.run(db, values, (result) => result);
  }

  /** The rows a SELECT (or a statement with RETURNING) gave. */
  rows(db: Kysely<DB>, values: P): Promise<R[]> {
    return this.run(db, values, (result) => result.rows);
  }

  /** The first row, or undefined when there was none. */
  first(db: Kysely<DB>, values: P): Promise<R | undefined> {
    return this.run(db, values, (result) => result.rows[0]);
  }

  /** How many rows an INSERT, UPDATE or DELETE changed (0 for a conflict that did nothing). */
  affected(db: Kysely<DB>, values: P): Promise<number> {
    return this.run(db, values, (result) => Number(result.numAffectedRows ?? 0));
  }

  /** Compiles and runs it (inline where the transaction allows, see runCompiled), resolving with `pick` of the result. */
  private run<T>(db: Kysely<DB>, values: P, pick: (result: QueryResult<R>) => T): Promise<T> {
    let query: CompiledQuery<R>;
    try {
      query = this.compile(db, values);
    } catch (error) {
      // A query that fails to compile rejects, as it does when it fails to run.
      return Promise.reject(error);
    }
    return runCompiled(db, query, pick);
  }

  private compiledFor(db: Kysely<DB>): Compiled<P, R> {
    const key = db.getExecutor().adapter;
    let compiled = this.#compiled.get(key);
    if (!compiled) {
      compiled = this.compileOnce(db);
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }

  private compileOnce(db: Kysely<DB>): Compiled<P, R> {
    const asked = new Set<string>();
    const param: Param<P> = (name) => {
      asked.add(name);
      return { [SLOT]: name } as unknown as P[typeof name];
    };
    const template = this.build(db, param).compile();
    const { sql } = template;
    const bound = new Set<string>();
    const compiled: Compiled<P, R> = {
      template,
      parameters: template.parameters.map((value) => {
        if (!isSlot(value)) return { constant: value };
        bound.add(value[SLOT]);
        return { name: value[SLOT] as keyof P & string };
      }),
    };
    // A value the builder read instead of passing on (to choose a clause, say) would be frozen at
    // its first run: refuse the query rather than run it with a stale value. (Kysely itself
    // refuses a slot it would have to write into the SQL text.)
    const unbound = [...asked].filter((name) => !bound.has(name));
    if (unbound.length > 0) {
      throw new Error(`prepared query: ${unbound.join(', ')} asked for but not bound as a parameter, so a later run could not change it: ${sql}`);
    }
    return compiled;
  }
}

/**
 * Starts a prepared query for a database type and the named values it takes; the second call
 * gives the builder, so the result type is inferred from the query:
 * `prepareQuery<DB, { id: string }>()((db, param) => db.selectFrom('t').selectAll().where('id', '=', param('id')))`.
 */
export function prepareQuery<DB, P extends object = Record<string, never>>() {
  return <R>(build: (db: Kysely<DB>, param: Param<P>) => Compilable<R>): PreparedQuery<DB, P, R> => new PreparedQuery(build);
}
