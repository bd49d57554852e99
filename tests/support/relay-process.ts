// The relay-process support lives with the relay (server/src/testing), which must not import from tests/.
export { startRelayProcess, type RelayProcess, type RelayProcessOptions } from '../../server/src/testing/relay-process.ts';
export { testStoreKinds, type TestStoreKind } from '../../server/src/testing/relay.ts';
