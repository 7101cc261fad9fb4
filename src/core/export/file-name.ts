/** Names of exported files: `<photo-name>-<motion>.<extension>`, safe on every file system. */

const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]+/g;
const MAX_STEM = 80;

function slug(text: string): string {
  return text
    .normalize('NFKC')
    .replace(UNSAFE, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .toLowerCase();
}

/** E.g. ("Grandma 1952.jpg", "gentle-smile", "gif") -> "grandma-1952-gentle-smile.gif". */
export function exportFileName(photoName: string, motion: string, extension: string): string {
  const photo = slug(photoName.replace(/\.[^.]*$/, '')) || 'photo';
  const stem = `${photo}-${slug(motion) || 'animated'}`.slice(0, MAX_STEM).replace(/-+$/, '');
  return `${stem}.${extension}`;
}
