import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { sql, type Kysely, type Migration } from 'kysely';
import { createDatabase } from './create-database';
import type { DatabaseOptions } from './database.config';
import { KyselyMessageStore } from './kysely-message-store';
import { messagingMigrations } from './messaging.migrations';
import { migrateToLatest } from './migrate';

/** Injection token of the service's `Kysely<DB>`. */
export const DATABASE = Symbol('DATABASE');

export interface DatabaseModuleOptions extends DatabaseOptions {
  /** The service's own migrations; the inbox/outbox tables' run first. */
  migrations: Record<string, Migration>;
}

/** Closes the pool or file last, after the transport and relay stopped using it. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Kysely<unknown>) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

/** Readiness of the database: a trivial query within a second. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DATABASE) private readonly db: Kysely<unknown>,
  ) {}

  async check(key = 'database') {
    const indicator = this.health.check(key);
    try {
      await Promise.race([
        sql`select 1`.execute(this.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 1 s')), 1_000).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * A service's own database (SQLite file, or its schema in PostgreSQL when `databaseUrl` is set),
 * migrated at start-up, with the inbox/outbox store on it. Global: one database per service.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE,
          useFactory: async () => {
            const db = createDatabase<unknown>(options);
            await migrateToLatest(db, { ...messagingMigrations, ...options.migrations });
            return db;
          },
        },
        { provide: KyselyMessageStore, useFactory: (db: Kysely<unknown>) => new KyselyMessageStore(db), inject: [DATABASE] },
        DatabaseLifecycle,
      ],
      exports: [DATABASE, KyselyMessageStore],
    };
  }
}
