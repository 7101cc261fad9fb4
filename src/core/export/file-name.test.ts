import { describe, expect, it } from 'vitest';
import { exportFileName } from './file-name.ts';

describe('exportFileName', () => {
  it('joins the photo name and the motion', () => {
    expect(exportFileName('pd_color_grace-hopper.jpg', 'gentle-smile', 'gif')).toBe('pd_color_grace-hopper-gentle-smile.gif');
    expect(exportFileName('Grandma 1952.JPEG', 'My camera motion', 'mp4')).toBe('grandma-1952-my-camera-motion.mp4');
  });

  it('keeps letters of any script but nothing a file system refuses', () => {
    expect(exportFileName('Ōma: "Berlin"/1931?.png', 'nod-yes', 'gif')).toBe('ōma-berlin-1931-nod-yes.gif');
    expect(exportFileName('...', '', 'gif')).toBe('photo-animated.gif');
  });

  it('stays short', () => {
    const name = exportFileName(`${'a'.repeat(300)}.jpg`, 'smile', 'gif');
    expect(name.length).toBeLessThanOrEqual(84);
    expect(name.endsWith('.gif')).toBe(true);
  });
});
