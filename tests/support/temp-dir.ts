// Lives with the relay's test support (server/src/testing), which must not import from tests/.
export { newTempDir } from '../../server/src/testing/temp-dir.ts';
