import { describe, expect, it } from 'vitest';
import { creatorProfileFrom } from './creator-profile.ts';

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe('the creator profile from the new-plan form', () => {
  it('makes a professional with their function, and household or network without one', () => {
    expect(creatorProfileFrom(form({ creatorKind: 'professional', creatorFunction: 'casusregisseur' }))).toEqual({ kind: 'professional', function: 'casusregisseur' });
    expect(creatorProfileFrom(form({ creatorKind: 'household', creatorFunction: 'casusregisseur' }))).toEqual({ kind: 'household' });
    expect(creatorProfileFrom(form({ creatorKind: 'network' }))).toEqual({ kind: 'network' });
  });

  it('falls back to network for a missing or unknown kind, and to "other" for an unknown function', () => {
    expect(creatorProfileFrom(form({}))).toEqual({ kind: 'network' });
    expect(creatorProfileFrom(form({ creatorKind: 'toString' }))).toEqual({ kind: 'network' });
    expect(creatorProfileFrom(form({ creatorKind: 'professional', creatorFunction: 'police' }))).toEqual({ kind: 'professional', function: 'other' });
  });
});
