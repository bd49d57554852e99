// The relay-starting support lives with the relay (server/src/testing), which must not import from tests/.
export { startRelay, testStoreKinds, type TestRelay, type TestRelayOptions, type TestStoreKind } from '../../server/src/testing/relay.ts';
