// @ecom/rabbit/typebox: contracts from TypeBox schemas, validated by Ajv. Apart from the root entry
// so that only a service that describes its events this way loads a schema compiler.
export { typeboxContracts, type EventRegistry, type EventsOf, type EventVersions, type TypeboxContractsOptions } from './typebox-contracts';
