#!/bin/bash
# A contact sheet to look at the generator with: per photo, a row of 2x face crops —
# the photo | the peak frame of each driver (default: shake-no, nod-yes).
#   scripts/contact-sheet.sh OUTDIR photo.jpg [photo...]      (DRIVERS="a b" to choose)
#   DRIVERS="blink:half blink:closed laugh:mouth" ...         (which peak: contact-sheet-peak.ts)
#   DRIVERS=expressions ...    photo | mid-blink | closed | open mouth | laugh | surprise
#   KINORA_DIST=/other/build scripts/contact-sheet.sh ...      (another build, e.g. an older one)
# Needs ImageMagick (convert) and a build (npm run build). Writes OUTDIR/sheet.png.
set -euo pipefail
OUT=$1
shift
mkdir -p "$OUT"
cd "$(dirname "$0")/.."
DRIVERS=${DRIVERS:-"shake-no nod-yes"}
[ "$DRIVERS" = expressions ] && DRIVERS="blink-look-around:half blink-look-around:closed surprised:mouth laugh:motion surprised:brows"
rows=()
for photo in "$@"; do
  name=$(basename "${photo%.*}")
  tiles=()
  done_drivers=" "
  for entry in $DRIVERS; do
    driver=${entry%%:*}
    kind=motion
    [ "$entry" != "$driver" ] && kind=${entry#*:}
    if [[ "$done_drivers" != *" $driver "* ]]; then
      rm -rf "$OUT/$name-$driver"
      npx tsx cli/main.ts animate "$photo" --driver "$driver" --frames "$OUT/$name-$driver" --report "$OUT/$name-$driver.json" >/dev/null 2>"$OUT/$name-$driver.log"
      done_drivers+="$driver "
    fi
    read -r peak x y w h < <(npx tsx scripts/contact-sheet-peak.ts "$OUT/$name-$driver.json" "$kind" 2>/dev/null)
    if [ ${#tiles[@]} -eq 0 ]; then
      convert "$OUT/$name-$driver/frame-0001.png" -crop "${w}x${h}+${x}+${y}" +repage -resize 200% "$OUT/$name-photo.png"
      tiles+=("$OUT/$name-photo.png")
    fi
    convert "$(printf '%s/%s-%s/frame-%04d.png' "$OUT" "$name" "$driver" "$peak")" -crop "${w}x${h}+${x}+${y}" +repage -resize 200% "$OUT/$name-$driver-$kind.png"
    tiles+=("$OUT/$name-$driver-$kind.png")
  done
  convert "${tiles[@]}" -resize x400 +append "$OUT/$name-row.png"
  rows+=("$OUT/$name-row.png")
done
convert "${rows[@]}" -background white -gravity west -append "$OUT/sheet.png"
echo "$OUT/sheet.png"
