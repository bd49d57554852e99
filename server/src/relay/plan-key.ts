/**
 * Plans are keyed by their id in base64url: public routing data, fine in the store and logs.
 * Node's own unpadded base64url, the same text as schema's toBase64Url (plan-keys-are-base64url-as-in-schema.test.ts)
 * at a fraction of its cost: several keys are made per publish.
 */
const base64Url = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
export const planKeyOf = base64Url;
export const authorKeyOf = base64Url;
