/**
 * Why a version or an endorsement was refused. The codes are stable: the UI turns them into words
 * (`review.refused.<code>`), logs and tests compare codes, never messages.
 */
export type ReviewErrorCode =
  /** The bytes do not decode as a version or an endorsement. */
  | 'malformed'
  /** The sealed version could not be opened with the plan key (wrong key or altered bytes). */
  | 'unreadable'
  /** The content's hash is not the hash the version names. */
  | 'content-mismatch'
  /** The content is not a valid plan. */
  | 'invalid-plan'
  /** The version or endorsement belongs to another plan or another version. */
  | 'wrong-version'
  /** The signer is not a member of the plan. */
  | 'not-a-member'
  /** The member who fixed the version is not an owner. */
  | 'not-an-owner'
  /** The signature does not verify. */
  | 'bad-signature';

/** Raised for input that is refused; nothing is stored or counted when it is thrown. */
export class ReviewError extends Error {
  readonly code: ReviewErrorCode;
  constructor(code: ReviewErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'ReviewError';
    this.code = code;
  }
}

export function isReviewError(e: unknown): e is ReviewError {
  return e instanceof ReviewError;
}
