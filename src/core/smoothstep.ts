/** 0 at or below `from`, 1 at or above `to`, between them a cubic with zero slope at both ends (GLSL's smoothstep). */
export function smoothstep(from: number, to: number, value: number): number {
  const u = Math.min(1, Math.max(0, (value - from) / (to - from)));
  return u * u * (3 - 2 * u);
}
