// @ecom/service-kit/testing: what the services' specs share; a service never loads it at run time.
export { sqliteTestDatabase, type SqliteTestDatabase } from './sqlite-test-database';
