// Validation is its own entry point because it loads Ajv; the root entry stays compiler-free.
export * from './compile-schema';
export * from './contract-validation-error';
export * from './contract-violation';
export * from './max-decimals';
export * from './validate-event';
export * from './ecom-contracts';
