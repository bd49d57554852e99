import type * as Y from 'yjs';

/**
 * Hears the updates of a document's own (local) transactions, and nothing else. Yjs encodes every
 * transaction as an update whenever anyone listens for 'update', even one applied from the relay
 * that the listener ignores: on a tablet that encoding was about a tenth of receiving a keystroke
 * (bench chromium-keystroke). So the 'update' listener is attached only while a transaction that
 * is not from `remote` is being finished ('afterTransactionCleanup' comes just before Yjs decides
 * whether to encode), and detached for the relay's. Returns the function that stops listening.
 */
export function onLocalUpdates(doc: Y.Doc, remote: unknown, hear: (update: Uint8Array) => void): () => void {
  const listener = (update: Uint8Array, origin: unknown) => {
    if (origin !== remote) hear(update);
  };
  let attached = false;
  const attachFor = (tr: Y.Transaction) => {
    const wanted = tr.origin !== remote;
    if (wanted === attached) return;
    attached = wanted;
    if (wanted) doc.on('update', listener);
    else doc.off('update', listener);
  };
  doc.on('afterTransactionCleanup', attachFor);
  return () => {
    doc.off('afterTransactionCleanup', attachFor);
    if (attached) doc.off('update', listener);
    attached = false;
  };
}
