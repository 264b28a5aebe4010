import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { sql, type Kysely, type Migration } from 'kysely';
import { isTransientFailure } from '@ecom/rabbit';
import { createDatabase } from './create-database';
import type { DatabaseOptions } from './database.config';
import { KyselyMessageStore } from '@ecom/rabbit/kysely';
import { messagingMigrations } from '@ecom/rabbit/kysely';
import { migrateToLatest } from './migrate';

/** Injection token of the service's `Kysely<DB>`. */
export const DATABASE = Symbol('DATABASE');

export interface DatabaseModuleOptions extends DatabaseOptions {
  /** The service's own migrations; the inbox/outbox tables' run first. */
  migrations: Record<string, Migration>;
  /** How long start-up waits for an unreachable database before it fails; default 120 000. */
  startupWaitMs?: number;
}

/**
 * Migrates at start-up, waiting (with backoff) while the database is unreachable or starting up,
 * so a service started beside its database, or during a restart, comes up once it answers.
 */
async function migrateWhenReachable(db: Kysely<unknown>, migrations: Record<string, Migration>, waitMs: number): Promise<void> {
  const logger = new Logger('DatabaseModule');
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await migrateToLatest(db, migrations);
      return;
    } catch (error) {
      if (!isTransientFailure(error) || Date.now() > deadline) throw error;
      if (attempt === 0) logger.warn({ msg: 'database not reachable at start-up; waiting for it', err: { message: (error as Error).message } });
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
    }
  }
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
            await migrateWhenReachable(db, { ...messagingMigrations, ...options.migrations }, options.startupWaitMs ?? 120_000);
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
