import { toBase64Url } from '@safeplan/schema/crypto';

/** Plans are keyed by their id in base64url: public routing data, fine in the store and logs. */
export const planKeyOf = (planId: Uint8Array): string => toBase64Url(planId);
export const authorKeyOf = (author: Uint8Array): string => toBase64Url(author);
