/**
 * What a handled message's transaction costs the process on SQLite, with a transaction's queries run
 * inline (runTransactionQueriesInline) and through Kysely's executor: the same work on two databases
 * of the same shape, in alternating rounds, the client's CPU per unit from process.cpuUsage.
 *
 * A unit is what a service's handler does for one message: the inbox row, a read, an insert and a
 * conditional update of its own table, and one outbox row, in one KyselyMessageStore transaction
 * (group commit), inside a message context (the async-context store every handler runs in). One
 * unit at a time is a lone message; 20 at once share their commits, as a prefetch window does.
 *
 *   npx nx run rabbit:bench-store [-- --units 10000 --rounds 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { runInMessageContext } from '../src/context/message-context';
import { KyselyMessageStore, messagingMigrations, prepareQuery, runTransactionQueriesInline, type MessagingTables } from '../src/kysely';
import { count } from './args';
import { median } from './report';

interface ItemsDatabase extends MessagingTables {
  items: { id: string; status: string; quantity: number };
}

const UNITS = count('units', 10_000);
const ROUNDS = count('rounds', 5);
const CONCURRENCY = [1, 20];

const insertItem = prepareQuery<ItemsDatabase, { id: string; quantity: number }>()((db, param) =>
  db.insertInto('items').values({ id: param('id'), status: 'new', quantity: param('quantity') }),
);
const findItem = prepareQuery<ItemsDatabase, { id: string }>()((db, param) => db.selectFrom('items').selectAll().where('id', '=', param('id')));
const moveItem = prepareQuery<ItemsDatabase, { id: string; from: string; to: string }>()((db, param) =>
  db.updateTable('items').set({ status: param('to') }).where('id', '=', param('id')).where('status', '=', param('from')),
);

interface Side {
  label: string;
  store: KyselyMessageStore<ItemsDatabase>;
  db: Kysely<ItemsDatabase>;
  next: number;
}

async function openSide(dir: string, label: string, inline: boolean): Promise<Side> {
  const sqlite = new Database(join(dir, `${label}.sqlite`));
  // As the services open theirs (service-kit's createDatabase).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<ItemsDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrations = {
    ...messagingMigrations,
    '0001_items': {
      up: async (d: Kysely<unknown>) => {
        await sql`create table items (id text primary key, status text not null, quantity integer not null)`.execute(d);
      },
    },
  };
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) throw error;
  if (inline) runTransactionQueriesInline(db, sqlite);
  return { label, db, store: new KyselyMessageStore(db), next: 0 };
}

function unit(side: Side): Promise<void> {
  const id = `${side.label}-${side.next++}`;
  const { store } = side;
  return runInMessageContext({ correlationId: id, eventId: id }, () =>
    store.transaction(async (tx) => {
      if (!(await store.inbox.tryRecord(tx, 'bench', id, new Date()))) throw new Error(`inbox refused ${id}`);
      await insertItem.execute(tx, { id, quantity: 1 });
      if (!(await findItem.first(tx, { id }))) throw new Error(`lost ${id}`);
      if ((await moveItem.affected(tx, { id, from: 'new', to: 'done' })) !== 1) throw new Error(`did not move ${id}`);
      await store.outbox.add(tx, [{ eventId: id, routingKey: 'bench.done', body: '{"id":1}', properties: '{}', createdAt: new Date() }]);
    }),
  );
}

/** CPU µs per unit and units per second for `units` units, `concurrency` at a time. */
async function measure(side: Side, units: number, concurrency: number): Promise<{ cpuUs: number; perSec: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let done = 0; done < units; done += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, units - done) }, () => unit(side)));
  }
  const used = process.cpuUsage(cpu);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { cpuUs: (used.user + used.system) / units, perSec: units / seconds };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ecom-store-bench-'));
  const sides = [await openSide(dir, 'inline', true), await openSide(dir, 'kysely', false)];
  try {
    console.log(`store bench: ${UNITS} units × ${ROUNDS} rounds per side and concurrency, alternating; SQLite (WAL, synchronous NORMAL), node ${process.version}`);
    for (const side of sides) for (const concurrency of CONCURRENCY) await measure(side, Math.ceil(UNITS / 5), concurrency);
    const results = new Map<string, { cpuUs: number[]; perSec: number[] }>();
    const resultOf = (label: string, concurrency: number) => results.get(`${label} ${concurrency}`) ?? { cpuUs: [NaN], perSec: [NaN] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const concurrency of CONCURRENCY) {
        for (const side of order) {
          const { cpuUs, perSec } = await measure(side, UNITS, concurrency);
          const key = `${side.label} ${concurrency}`;
          const result = results.get(key) ?? { cpuUs: [], perSec: [] };
          result.cpuUs.push(cpuUs);
          result.perSec.push(perSec);
          results.set(key, result);
        }
      }
    }
    console.log('\n| side | at once | CPU µs / unit (median, min–max) | units/s (median) |\n| --- | ---: | ---: | ---: |');
    for (const concurrency of CONCURRENCY) {
      for (const side of sides) {
        const { cpuUs, perSec } = resultOf(side.label, concurrency);
        console.log(`| ${side.label} | ${concurrency} | ${median(cpuUs).toFixed(1)} (${Math.min(...cpuUs).toFixed(1)}–${Math.max(...cpuUs).toFixed(1)}) | ${median(perSec).toFixed(0)} |`);
      }
    }
    for (const concurrency of CONCURRENCY) {
      const inline = median(resultOf('inline', concurrency).cpuUs);
      const kysely = median(resultOf('kysely', concurrency).cpuUs);
      console.log(`cpu-ratio-${concurrency} ${(inline / kysely).toFixed(2)}`);
    }
  } finally {
    await Promise.all(sides.map((side) => side.db.destroy()));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
