// Schema comparison for the compat check; build-time tooling, so not part of the root entry.
export * from './breaking-change';
export * from './find-breaking-changes';
