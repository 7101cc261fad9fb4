import { useEffect, useState } from 'preact/hooks';
import { animatedMark } from '../../core/encode/mark.ts';

export interface PlacedImage {
  image: ImageBitmap;
  x: number;
  y: number;
}

/** The "animated" mark for frames of this size, as the exported file will have it. */
export function useMarkImage(width: number | undefined, height: number | undefined): PlacedImage | undefined {
  const [placed, setPlaced] = useState<PlacedImage>();
  useEffect(() => {
    if (!width || !height) return;
    let current = true;
    const mark = animatedMark(width, height);
    void createImageBitmap(new ImageData(new Uint8ClampedArray(mark.rgba), mark.width, mark.height)).then((image) => {
      if (current) setPlaced({ image, x: mark.x, y: mark.y });
      else image.close();
    });
    return () => {
      current = false;
      setPlaced((old) => {
        old?.image.close();
        return undefined;
      });
    };
  }, [width, height]);
  return placed;
}
