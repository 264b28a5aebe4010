import { sql, type Kysely, type Migration } from 'kysely';
import { CATALOGUE } from './catalogue';
import type { InventoryDatabase } from './inventory.tables';

export const inventoryMigrations: Record<string, Migration> = {
  '0001_create_stock': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stock')
        .addColumn('product_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        // The database's own guard against overselling, whatever the code does.
        .addColumn('available', 'integer', (c) => c.notNull().check(sql`available >= 0`))
        .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('reservations')
        // One outcome per order: reserved or insufficient, never both, never twice.
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('reservation_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('correlation_id', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_seed_catalogue': {
    async up(db: Kysely<unknown>) {
      // The table as it was before 0003 added `initial`.
      await (db as unknown as Kysely<{ stock: Omit<InventoryDatabase['stock'], 'initial'> }>)
        .insertInto('stock')
        .values(CATALOGUE.map((product) => ({ ...product, reserved: 0 })))
        .execute();
    },
  },
  '0003_releases': {
    async up(db: Kysely<unknown>) {
      // What the shelf started with, so the audit can check initial − reserved + released = on hand.
      await db.schema.alterTable('stock').addColumn('initial', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.updateTable('stock' as never).set({ initial: sql`available + reserved` } as never).execute();
      await db.schema.alterTable('reservations').addColumn('released_at', 'text').execute();
    },
  },
};
