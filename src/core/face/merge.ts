import { intersectionOverUnion, type ScoredBox } from './geometry.ts';
import type { Tile } from './tiling.ts';

/**
 * Detections that touch a tile edge lying inside the image are usually a face cut in half; the
 * tile plan's overlap guarantees the whole face is inside another tile, so they are dropped.
 */
export function touchesInnerTileEdge(box: ScoredBox, tile: Tile, imageWidth: number, imageHeight: number): boolean {
  const margin = tile.width * 0.01;
  const left = tile.x > 0 && box.x <= tile.x + margin;
  const top = tile.y > 0 && box.y <= tile.y + margin;
  const right = tile.x + tile.width < imageWidth && box.x + box.width >= tile.x + tile.width - margin;
  const bottom = tile.y + tile.height < imageHeight && box.y + box.height >= tile.y + tile.height - margin;
  return left || top || right || bottom;
}

/**
 * Merges detections of the same face found in several tiles and scales: boxes that overlap by
 * IoU are one face (the detector sizes a face alike at every scale, so a small box nested in a
 * large one is another face). The merged box is the score-weighted mean of the group, its score
 * the group's best.
 */
export function mergeDetections(boxes: readonly ScoredBox[], iouThreshold = 0.3): ScoredBox[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const used = new Array<boolean>(sorted.length).fill(false);
  const merged: ScoredBox[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (used[i]) continue;
    const lead = sorted[i]!;
    const group: ScoredBox[] = [lead];
    used[i] = true;
    for (let j = i + 1; j < sorted.length; j++) {
      if (used[j]) continue;
      const other = sorted[j]!;
      if (intersectionOverUnion(lead, other) >= iouThreshold) {
        group.push(other);
        used[j] = true;
      }
    }
    const total = group.reduce((s, b) => s + b.score, 0);
    const mean = (key: 'x' | 'y' | 'width' | 'height') => group.reduce((s, b) => s + b[key] * b.score, 0) / total;
    merged.push({ x: mean('x'), y: mean('y'), width: mean('width'), height: mean('height'), score: lead.score });
  }
  return merged;
}
