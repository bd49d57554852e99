// Entry of a benchmark worker thread written in TypeScript: worker threads do not inherit tsx's
// module hooks from the parent (Node 20), so this plain module registers them and then loads the
// worker's own file, given as workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
