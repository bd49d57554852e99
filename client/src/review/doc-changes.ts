import type * as Y from 'yjs';

/**
 * Calls `changed` after every transaction that changed the document (own typing or a change from
 * another device). For screens that only need to know *that* something changed: listening for
 * 'update' instead would make Yjs encode every transaction as update bytes nobody reads, the
 * relay's included (client/src/sync/local-updates.ts). Returns the function that stops listening.
 */
export function onDocChange(doc: Y.Doc, changed: () => void): () => void {
  const after = (tr: Y.Transaction) => {
    if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) changed();
  };
  doc.on('afterTransaction', after);
  return () => doc.off('afterTransaction', after);
}
