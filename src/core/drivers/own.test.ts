import { describe, expect, it } from 'vitest';
import type { Driver } from '../motion/types.ts';
import { asOwnMotion, isOwnMotion } from './own.ts';
import { findDriver } from './registry.ts';

describe('own motions', () => {
  it('a loaded "smile" gets an id of its own and never shadows a built-in one', () => {
    const loaded = { id: 'smile', name: 'My smile', fps: 25, frames: [] } as unknown as Driver;
    const own = asOwnMotion(loaded);
    expect(own.id).toBe('own:smile');
    expect(isOwnMotion(own.id)).toBe(true);
    expect(findDriver(own.id)).toBeUndefined();
    expect(findDriver('smile')).toBeDefined();
    // Idempotent: a motion kept from an earlier visit is not renamed again.
    expect(asOwnMotion(own)).toBe(own);
    expect(loaded.id).toBe('smile');
  });
});
