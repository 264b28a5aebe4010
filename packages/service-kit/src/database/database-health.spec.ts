import { HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.module';
import { testDatabase } from './test-databases';

describe.each([['sqlite' as const], ['postgres' as const]])('DatabaseHealthIndicator on %s', (dialect) => {
  it('is up while the database answers and down, with the reason, once it does not', async () => {
    const database = testDatabase(dialect);
    const db = database.open<unknown>();
    const indicator = new DatabaseHealthIndicator(new HealthIndicatorService(), db);
    try {
      expect(await indicator.check()).toEqual({ database: { status: 'up' } });
      await db.destroy();
      const down = await indicator.check();
      expect(down['database'].status).toBe('down');
      expect(String(down['database']['message']).length).toBeGreaterThan(0);
    } finally {
      await database.cleanup();
    }
  });
});
